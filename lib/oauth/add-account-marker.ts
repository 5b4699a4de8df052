import { config } from "../config";

/**
 * Marks a Google sign-in started by "Add another account": Auth.js's callback then keeps the
 * accounts already signed in in the browser instead of replacing them. HttpOnly and SameSite=Lax
 * (Google's redirect back is a top-level navigation, so it travels with it), and short-lived: a
 * Google round trip abandoned half-way must not turn a later plain sign-in into an added one.
 */
export const ADD_ACCOUNT_COOKIE_NAME = "authcore.add-account";
const MAX_AGE_SECONDS = 10 * 60;

export function addAccountMarker(adding: boolean) {
  return {
    name: ADD_ACCOUNT_COOKIE_NAME,
    value: adding ? "1" : "",
    options: {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: "lax" as const,
      path: "/",
      maxAge: adding ? MAX_AGE_SECONDS : 0,
    },
  };
}
