import { AppError } from "../errors";

/** A signed-in caller whose account was deleted or disabled after the session began: 401. */
export const accountGone = () => new AppError("unauthorized", "The account no longer exists or is disabled.");

/** Usernames are public, so a taken one is said plainly (409 with `errors.username`). */
export const usernameTaken = () =>
  new AppError("conflict", "That username is taken.", { username: ["That username is taken."] });
