import { recordAudit } from "../auth/audit";
import { hashPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { issueActionToken } from "../auth/tokens";
import { db, isUniqueViolation, TokenPurpose } from "../db";
import { enqueueEmail } from "../email/outbox";
import { AppError } from "../errors";
import type { RegisterInput } from "../validation/forms";
import { defaultRoleId } from "./default-role";
import { usernameTaken } from "./errors";

/**
 * Registers an inactive account and queues its activation email. A registration with an email
 * that already has an account succeeds in appearance (same answer, about the same time: the
 * password is hashed either way) and emails the owner a notice instead, so the endpoint reveals
 * nothing about which emails are registered. Usernames are public, so a taken one is a 409.
 */
export async function registerAccount(input: RegisterInput, meta: RequestMeta): Promise<void> {
  const policy = passwordPolicyErrors(input.password, { username: input.username, email: input.email });
  if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);

  const usernameKey = input.username.toLowerCase();
  if (await db.user.findUnique({ where: { usernameKey }, select: { id: true } })) throw usernameTaken();

  const passwordHash = await hashPassword(input.password);
  const roleId = await defaultRoleId();
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return notifyExistingOwner(input.email, existing.id, meta);

  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          username: input.username,
          usernameKey,
          email: input.email,
          firstName: input.firstName ?? "",
          lastName: input.lastName ?? "",
          passwordHash,
          passwordChangedAt: new Date(),
          isActive: false,
          roles: { create: { roleId } },
        },
        select: { id: true },
      });
      const token = await issueActionToken(tx, user.id, TokenPurpose.ACTIVATION);
      await enqueueEmail({ template: "activation", to: input.email, data: { username: input.username, token } }, tx);
      await recordAudit("account.registered", { userId: user.id, meta }, tx);
    });
  } catch (error) {
    if (isUniqueViolation(error, "usernameKey")) throw usernameTaken();
    if (isUniqueViolation(error, "email")) {
      // Lost a race with a registration of the same email: answer as for any registered email.
      const owner = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (owner) return notifyExistingOwner(input.email, owner.id, meta);
    }
    throw error;
  }
}

async function notifyExistingOwner(email: string, userId: string, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    await enqueueEmail({ template: "registration-attempt", to: email, data: {} }, tx);
    await recordAudit("account.registered", { userId, meta, data: { duplicateEmail: true } }, tx);
  });
}
