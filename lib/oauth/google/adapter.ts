import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { db } from "../../db";
import { recordAudit } from "../../auth/audit";
import type { GoogleUser } from "./profile";
import { createGoogleUser } from "./users";

/**
 * Auth.js's Prisma adapter, adjusted to our User model: it has no `name` (usernames are derived
 * from the email, names split into first/last), emails are stored lower-cased, and a new user
 * gets the default role and is active at once. Linking keeps only what identifies the account:
 * we never call Google's APIs, so its access/refresh/ID tokens are not stored.
 */
export function authAdapter(): Adapter {
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
      await db.$transaction(async (tx) => {
        await tx.account.create({
          data: {
            userId: account.userId,
            type: account.type,
            provider: account.provider,
            providerAccountId: account.providerAccountId,
          },
        });
        await recordAudit("account.linked", { userId: account.userId, data: { provider: account.provider } }, tx);
      });
    },
  };
}
