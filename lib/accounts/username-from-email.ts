import { randomInt } from "node:crypto";
import { USERNAME_MAX, USERNAME_MIN } from "../validation/fields";

/**
 * A username candidate from an email's local part: only the characters usernames allow
 * ([a-zA-Z0-9_.-]), lower-cased, 3–30 characters ("user" when nothing usable is left).
 */
export function usernameBaseFromEmail(email: string): string {
  const local = (email.split("@")[0] ?? "").split("+")[0] ?? "";
  let base = local
    .normalize("NFKD")
    .replace(/[^a-zA-Z0-9_.-]/g, "")
    .replace(/^[._-]+|[._-]+$/g, "")
    .toLowerCase()
    .slice(0, USERNAME_MAX);
  if (base.length < USERNAME_MIN) base = base ? `${base}_user`.slice(0, USERNAME_MAX) : "user";
  return base;
}

/** The next candidate after a collision: the base with a random numeric suffix, still at most 30 characters. */
export function usernameWithSuffix(base: string, attempt: number): string {
  // Short suffixes first (readable), longer ones as collisions continue.
  const digits = Math.min(2 + attempt, 8);
  const suffix = String(randomInt(10 ** (digits - 1), 10 ** digits));
  return `${base.slice(0, USERNAME_MAX - suffix.length - 1)}_${suffix}`;
}
