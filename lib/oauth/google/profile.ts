import { EMAIL_MAX, NAME_MAX, withoutControlChars } from "../../validation/fields";

/** The OpenID Connect claims we read from Google's ID token / userinfo. */
export type GoogleClaims = {
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  name?: unknown;
  picture?: unknown;
};

/**
 * What a Google sign-in tells us about the person, in our own vocabulary. Auth.js passes this
 * object (plus its own `id`) to the adapter's `createUser`, and our signIn callback reads
 * `emailVerifiedByProvider` to decide about linking.
 */
export type GoogleUser = {
  id: string;
  email: string | null;
  emailVerifiedByProvider: boolean;
  firstName: string;
  lastName: string;
  image: string | null;
};

function cleanName(value: unknown): string {
  if (typeof value !== "string") return "";
  return [...withoutControlChars(value).trim()].slice(0, NAME_MAX).join("").trim();
}

/**
 * Splits a display name when the provider gives no given/family names
 * ("Ada King Lovelace" → "Ada", "King Lovelace").
 */
function splitName(name: string): [string, string] {
  const parts = name.split(/\s+/).filter(Boolean);
  if (parts.length === 0) return ["", ""];
  return [parts[0] ?? "", parts.slice(1).join(" ")];
}

/**
 * Maps Google's claims. `email_verified` counts only when it is literally `true` (Google sends a
 * boolean; some providers send the string "true", which we also accept, but nothing else).
 */
export function googleUserFromClaims(claims: GoogleClaims): GoogleUser {
  if (typeof claims.sub !== "string" || claims.sub.length === 0) throw new Error("Google profile without a subject");
  const rawEmail = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const email = rawEmail && rawEmail.length <= EMAIL_MAX && rawEmail.includes("@") ? rawEmail : null;
  let firstName = cleanName(claims.given_name);
  let lastName = cleanName(claims.family_name);
  if (!firstName && !lastName) [firstName, lastName] = splitName(cleanName(claims.name));
  const image =
    typeof claims.picture === "string" && /^https:\/\//.test(claims.picture) && claims.picture.length <= 2048
      ? claims.picture
      : null;
  return {
    id: claims.sub,
    email,
    emailVerifiedByProvider: claims.email_verified === true || claims.email_verified === "true",
    firstName,
    lastName,
    image,
  };
}
