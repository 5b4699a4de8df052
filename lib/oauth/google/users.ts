import { defaultRoleId } from "../../accounts/default-role";
import { db, isUniqueViolation, type UserModel as User } from "../../db";
import { recordAudit } from "../../auth/audit";
import type { GoogleUser } from "./profile";
import { usernameBaseFromEmail, usernameWithSuffix } from "../../accounts/username-from-email";

const MAX_ATTEMPTS = 8;

async function usernameIsFree(username: string): Promise<boolean> {
  return !(await db.user.findUnique({ where: { usernameKey: username.toLowerCase() }, select: { id: true } }));
}

/**
 * Creates the account for a first Google sign-in: active at once (Google verified the email; the
 * signIn callback refuses unverified ones before this runs), the default role, names from the
 * profile, no password, and a unique username derived from the email that the person can change
 * later. Collisions (taken usernames, including a race with another sign-up) get a numeric suffix.
 */
export async function createGoogleUser(
  profile: Pick<GoogleUser, "email" | "firstName" | "lastName" | "image" | "emailVerifiedByProvider">,
): Promise<User> {
  if (!profile.email) throw new Error("A Google account without an email cannot create a user");
  if (!profile.emailVerifiedByProvider)
    throw new Error("A Google account with an unverified email cannot create a user");
  const email = profile.email.toLowerCase();
  const roleId = await defaultRoleId();
  const base = usernameBaseFromEmail(email);
  let candidate = base;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (attempt > 0 || !(await usernameIsFree(candidate))) candidate = usernameWithSuffix(base, attempt);
    try {
      return await db.$transaction(async (tx) => {
        const now = new Date();
        const user = await tx.user.create({
          data: {
            username: candidate,
            usernameKey: candidate.toLowerCase(),
            email,
            firstName: profile.firstName,
            lastName: profile.lastName,
            image: profile.image,
            isActive: true,
            emailVerified: now,
            roles: { create: { roleId } },
          },
        });
        await recordAudit("account.registered", { userId: user.id, data: { provider: "google" } }, tx);
        return user;
      });
    } catch (error) {
      if (!isUniqueViolation(error, "usernameKey")) throw error;
    }
  }
  throw new Error("Could not find a free username for a Google sign-up");
}
