import { createUserWithDerivedUsername } from "../../accounts/create-user";
import { db, type UserModel as User } from "../../db";
import type { GoogleUser } from "./profile";

/**
 * Creates the account for a first Google sign-in: active at once (Google verified the email; the
 * signIn callback refuses unverified ones before this runs), the default role, names from the
 * profile, no password, and a unique username derived from the email that the person can change
 * later.
 */
export async function createGoogleUser(
  profile: Pick<GoogleUser, "email" | "firstName" | "lastName" | "image" | "emailVerifiedByProvider">,
): Promise<User> {
  if (!profile.email) throw new Error("A Google account without an email cannot create a user");
  if (!profile.emailVerifiedByProvider)
    throw new Error("A Google account with an unverified email cannot create a user");
  const { id } = await createUserWithDerivedUsername({
    email: profile.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    image: profile.image,
    passwordHash: null,
    state: "active",
    source: "google",
  });
  return db.user.findUniqueOrThrow({ where: { id } });
}
