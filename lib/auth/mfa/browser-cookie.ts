import { config } from "../../config";
import { CHALLENGE_TTL_SECONDS } from "./challenge";

/**
 * The cookie that carries a browser's sign-in challenge (./challenge.ts) from the first step
 * (password at /login, or Google's callback) to the second (/login/verify). HttpOnly, so no
 * script reads it; SameSite=Lax and limited to /login, so it travels only to the sign-in pages
 * and their server actions; as short-lived as the challenge. It opens nothing but the second step.
 */
export const MFA_COOKIE_NAME = "authcore.mfa";
export const MFA_COOKIE_PATH = "/login";

export type MfaCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: string; maxAge: number };
};

/** The cookie holding `token`, or (without one) the cookie that deletes it. */
export function mfaCookie(token: string | null): MfaCookie {
  return {
    name: MFA_COOKIE_NAME,
    value: token ?? "",
    options: {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: "lax",
      path: MFA_COOKIE_PATH,
      maxAge: token ? CHALLENGE_TTL_SECONDS : 0,
    },
  };
}
