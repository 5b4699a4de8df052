import { recordAudit } from "../audit";
import { hashPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { db, isUniqueViolation, type Prisma } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";
import type { RegisterInput } from "../validation/forms";
import { sendActivationEmail } from "./activation";
import { createUser } from "./create-user";
import { usernameTaken } from "./errors";

type EmailOwner = { id: string; emailVerified: Date | null; disabledAt: Date | null; firstName: string };

/** An account nobody has proven the email of yet: a later registration of the same address replaces it. */
const isPending = (owner: EmailOwner) => owner.emailVerified === null && owner.disabledAt === null;

/**
 * Registers an account and queues its activation email. The answer never tells whether the email
 * already has an account (same answer, the password hashed either way):
 * - a new email gets a pending account;
 * - an email whose account was never activated gets that pending account replaced (password,
 *   names, username, links: the earlier link stops working), so whoever registered someone
 *   else's address first keeps nothing: activation asks for the latest password, and only the
 *   owner of the address receives the link;
 * - an email with an activated account gets no account; its owner is told instead.
 * Usernames are public, so a taken one is a 409.
 */
export async function registerAccount(input: RegisterInput, meta: RequestMeta): Promise<void> {
  const policy = passwordPolicyErrors(input.password, { username: input.username, email: input.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  const usernameKey = input.username.toLowerCase();
  const [owner, holder] = await Promise.all([
    db.user.findUnique({
      where: { email: input.email },
      select: { id: true, emailVerified: true, disabledAt: true, firstName: true },
    }),
    db.user.findUnique({ where: { usernameKey }, select: { id: true } }),
  ]);
  if (holder && (!owner || !isPending(owner) || holder.id !== owner.id)) throw usernameTaken();
  const passwordHash = await hashPassword(input.password);

  // Two registrations of one new email can race: the loser finds the winner's pending account and replaces it.
  // With the same username too (a double submit), the loser's insert may fail on the username first: retry that
  // once as well; a username another address took in the meantime then fails again and is a 409.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await db.$transaction((tx) => registerInTransaction(tx, input, passwordHash, meta));
      return;
    } catch (error) {
      const raced = isUniqueViolation(error, "email") || isUniqueViolation(error, "usernameKey");
      if (attempt === 0 && raced) continue;
      if (isUniqueViolation(error, "usernameKey")) throw usernameTaken();
      throw error;
    }
  }
}

async function registerInTransaction(
  tx: Prisma.TransactionClient,
  input: RegisterInput,
  passwordHash: string,
  meta: RequestMeta,
): Promise<void> {
  const [owner] = await tx.$queryRaw<EmailOwner[]>`
    SELECT "id", "emailVerified", "disabledAt", "firstName" FROM "User" WHERE "email" = ${input.email} FOR UPDATE`;
  const profile = { username: input.username, firstName: input.firstName ?? "", lastName: input.lastName ?? "" };
  if (!owner) {
    const { id } = await createUser(tx, {
      ...profile,
      email: input.email,
      passwordHash,
      state: "pending",
      source: "registration",
      meta,
    });
    await sendActivationEmail(tx, { id, email: input.email, username: input.username, firstName: profile.firstName });
    return;
  }
  if (!isPending(owner)) {
    await enqueueEmail(
      { template: "registration-attempt", to: input.email, data: { firstName: owner.firstName || undefined } },
      tx,
    );
    await recordAudit("account.registered", { userId: owner.id, meta, data: { duplicateEmail: true } }, tx);
    return;
  }
  await tx.user.update({
    where: { id: owner.id },
    data: { ...profile, usernameKey: input.username.toLowerCase(), passwordHash, passwordChangedAt: new Date() },
  });
  await sendActivationEmail(tx, {
    id: owner.id,
    email: input.email,
    username: input.username,
    firstName: profile.firstName,
  });
  await recordAudit("account.registration_replaced", { userId: owner.id, meta }, tx);
}
