import Google from "next-auth/providers/google";
import { googleUserFromClaims, type GoogleClaims } from "./profile";

export type GoogleConfig = { clientId: string; clientSecret: string; issuer: string };

/**
 * Google as an OpenID Connect provider, discovered from `${issuer}/.well-known/openid-configuration`
 * (tests point the issuer at a local provider). Auth.js checks only PKCE by default; we ask for
 * `state` and `nonce` too. `allowDangerousEmailAccountLinking` lets Auth.js attach the identity to
 * an existing account with the same email, which it otherwise refuses outright: our signIn callback
 * (./sign-in.ts) runs first and only lets that happen when both Google and we have
 * verified the email.
 */
export function googleProvider(google: GoogleConfig) {
  return Google({
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    issuer: google.issuer,
    checks: ["pkce", "state", "nonce"],
    allowDangerousEmailAccountLinking: true,
    profile(claims) {
      const user = googleUserFromClaims(claims as GoogleClaims);
      return { ...user, name: [user.firstName, user.lastName].filter(Boolean).join(" ") || null };
    },
  });
}
