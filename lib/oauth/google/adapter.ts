import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { notifySecurityEvent } from "../../accounts/notices";
import type { RequestMeta } from "../../auth/session/meta";
import { db } from "../../db";
import { recordAudit } from "../../audit";
import type { GoogleUser } from "./profile";
import { createGoogleUser } from "./users";

/**
 * Auth.js's Prisma adapter, adjusted to our User model: it has no `name` (usernames are derived
 * from the email, names split into first/last), emails are stored lower-cased, and a new user
 * gets the default role and is active at once. Linking keeps only what identifies the account:
 * we never call Google's APIs, so its access/refresh/ID tokens are not stored.
 */
export function authAdapter(requestMeta: () => Promise<RequestMeta>): Adapter {
  const base = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    async createUser(user) {
      const created = await createGoogleUser(user as unknown as GoogleUser);
      return created as unknown as AdapterUser;
    },
    async getUserByEmail(email) {
      return (await db.user.findUnique({ where: { email: email.toLowerCase() } })) as unknown as AdapterUser | null;
    },
    async linkAccount(account: AdapterAccount) {
      const meta = await requestMeta();
      await db.$transaction(async (tx) => {
        const user = await tx.user.findUniqueOrThrow({
          where: { id: account.userId },
          select: {
            email: true,
            username: true,
            firstName: true,
            passwordHash: true,
            _count: { select: { accounts: true } },
          },
        });
        await tx.account.create({
          data: {
            userId: account.userId,
            type: account.type,
            provider: account.provider,
            providerAccountId: account.providerAccountId,
          },
        });
        // A first Google sign-up links its own new account: nothing to warn anyone about.
        const signUp = user.passwordHash === null && user._count.accounts === 0;
        if (!signUp) await notifySecurityEvent(tx, user, "google-linked", meta);
        await recordAudit("account.linked", { userId: account.userId, meta, data: { provider: account.provider } }, tx);
      });
    },
  };
}
