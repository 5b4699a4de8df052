import { recordAudit } from "../audit";
import type { RequestMeta } from "../auth/session/meta";
import { db, isUniqueViolation, type Prisma } from "../db";
import { defaultRoleId } from "./default-role";
import { usernameBaseFromEmail, usernameWithSuffix } from "./username-from-email";

export type NewUser = {
  username: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Null for accounts that sign in through a provider only. */
  passwordHash: string | null;
  /**
   * `pending`: must be activated from its email first (self-registration). `active`: may sign in
   * now, because whoever created it vouches for the email (Google, an administrator, the seed).
   */
  state: "pending" | "active";
  roleIds?: string[];
  managerId?: string | null;
  image?: string | null;
  /** How the account came to be, for the audit trail. */
  source: "registration" | "google" | "seed" | "admin";
  meta?: RequestMeta | null;
  /** Who created it, when someone else did (an administrator): the audit event's actor. */
  actorId?: string;
};

/**
 * The one way an account is created (registration, Google, the seed, administrators): emails
 * lower-cased, the case-insensitive username key, the default role unless roles are given, and
 * an audit event. A taken username or email surfaces as the database's unique violation.
 */
export async function createUser(tx: Prisma.TransactionClient, input: NewUser): Promise<{ id: string }> {
  const now = new Date();
  const roleIds = input.roleIds ?? [await defaultRoleId()];
  const user = await tx.user.create({
    data: {
      username: input.username,
      usernameKey: input.username.toLowerCase(),
      email: input.email.toLowerCase(),
      firstName: input.firstName ?? "",
      lastName: input.lastName ?? "",
      passwordHash: input.passwordHash,
      passwordChangedAt: input.passwordHash ? now : null,
      isActive: input.state === "active",
      emailVerified: input.state === "active" ? now : null,
      image: input.image ?? null,
      managerId: input.managerId ?? null,
      roles: { create: roleIds.map((roleId) => ({ roleId })) },
    },
    select: { id: true },
  });
  await recordAudit(
    "account.registered",
    { userId: user.id, actorId: input.actorId, meta: input.meta ?? undefined, data: { source: input.source } },
    tx,
  );
  return user;
}

const USERNAME_ATTEMPTS = 8;

/**
 * Creates an account whose username is derived from its email (Google sign-ups, the seeded
 * Admin), with a numeric suffix when that name is taken, including by a concurrent sign-up.
 */
export async function createUserWithDerivedUsername(input: Omit<NewUser, "username">): Promise<{ id: string }> {
  const base = usernameBaseFromEmail(input.email);
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt += 1) {
    const username = attempt === 0 ? base : usernameWithSuffix(base, attempt);
    try {
      return await db.$transaction((tx) => createUser(tx, { ...input, username }));
    } catch (error) {
      if (!isUniqueViolation(error, "usernameKey")) throw error;
    }
  }
  throw new Error(`No free username for ${input.email}`);
}
