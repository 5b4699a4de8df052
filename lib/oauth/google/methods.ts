import { requireActiveUser } from "../../accounts/active-user";
import { db } from "../../db";
import { AppError } from "../../errors";
import { recordAudit } from "../../auth/audit";
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
 * Removes the Google link, unless it is the last way in: a user without a password and without
 * another linked provider must set a password first. The check and the delete run in one
 * transaction that locks the user row, so two concurrent requests cannot both pass the check.
 * Existing sessions stay valid (they belong to the same person; the link only governs how they
 * sign in next time).
 */
export async function unlinkGoogle(userId: string, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<
      { hasPassword: boolean }[]
    >`SELECT "passwordHash" IS NOT NULL AS "hasPassword" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    if (!user) throw new AppError("unauthorized");
    const accounts = await tx.account.findMany({ where: { userId }, select: { id: true, provider: true } });
    const google = accounts.filter((a) => a.provider === GOOGLE_PROVIDER_ID);
    if (google.length === 0) throw new AppError("not_found", "Google is not linked to this account.");
    if (!user.hasPassword && accounts.length === google.length) {
      throw new AppError("conflict", "Google is your only way to sign in. Set a password first, then unlink Google.");
    }
    await tx.account.deleteMany({ where: { id: { in: google.map((a) => a.id) } } });
    await recordAudit("account.unlinked", { userId, meta, data: { provider: GOOGLE_PROVIDER_ID } }, tx);
  });
}
