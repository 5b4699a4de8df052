import { requireActiveUser } from "../../accounts/active-user";
import { notifySecurityEvent } from "../../accounts/notices";
import { assertRecentAuthentication, type StepUpSession } from "../../auth/session/step-up";
import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../audit";
import type { RequestMeta } from "../../auth/session/meta";
import { GOOGLE_PROVIDER_ID } from "./linking";

export type SignInMethods = {
  password: boolean;
  google: { linkedAt: Date } | null;
};

/** How the user can sign in: a password, and/or linked providers. */
export async function listSignInMethods(userId: string): Promise<SignInMethods> {
  const user = await requireActiveUser(userId, {
    passwordHash: true,
    accounts: {
      where: { provider: GOOGLE_PROVIDER_ID },
      select: { createdAt: true },
      orderBy: { createdAt: "asc" },
      take: 1,
    },
  });
  const google = user.accounts[0];
  return { password: user.passwordHash !== null, google: google ? { linkedAt: google.createdAt } : null };
}

/**
 * Removes the Google link (step-up: a recent sign-in), unless it is the last way in: a user
 * without a password and without another linked provider must set a password first. The check
 * and the delete run in one transaction that locks the user row, so two concurrent requests
 * cannot both pass the check. Existing sessions stay valid (they belong to the same person; the
 * link only governs how they sign in next time). The owner is told by email.
 */
export async function unlinkGoogle(session: StepUpSession, meta: RequestMeta): Promise<void> {
  assertRecentAuthentication(session);
  const { userId } = session;
  await db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ hasPassword: boolean; email: string; username: string; firstName: string }[]>`
      SELECT "passwordHash" IS NOT NULL AS "hasPassword", "email", "username", "firstName"
      FROM "User" WHERE "id" = ${userId} AND "isActive" FOR UPDATE`;
    if (!user) throw new AppError("unauthorized");
    const accounts = await tx.account.findMany({ where: { userId }, select: { id: true, provider: true } });
    const google = accounts.filter((a) => a.provider === GOOGLE_PROVIDER_ID);
    if (google.length === 0) throw new AppError("not_found", "Google is not linked to this account.");
    if (!user.hasPassword && accounts.length === google.length) {
      throw new AppError("conflict", "Google is your only way to sign in. Set a password first, then unlink Google.");
    }
    await tx.account.deleteMany({ where: { id: { in: google.map((a) => a.id) } } });
    await notifySecurityEvent(tx, user, "google-unlinked", meta);
    await recordAudit("account.unlinked", { userId, meta, data: { provider: GOOGLE_PROVIDER_ID } }, tx);
  });
}
