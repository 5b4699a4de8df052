import { createUser } from "../accounts/create-user";
import { defaultRoleId } from "../accounts/default-role";
import { usernameTaken } from "../accounts/errors";
import { recordAudit } from "../audit";
import { hashPassword } from "../auth/password/pool";
import { passwordPolicyErrors } from "../auth/password/policy";
import type { RequestMeta } from "../auth/session/meta";
import { authorize, lockManagementChain, relationTo, type Access, type Relation } from "../authz";
import { db, isUniqueViolation, type Prisma } from "../db";
import { AppError } from "../errors";
import type { CreateUserInput, UserRecord } from "../validation/users";
import { sendInvitationEmail } from "./invitation";
import { findUserRow, presentUser } from "./records";

export const emailTaken = () =>
  new AppError("conflict", "That email address already has an account.", {
    email: ["That email address already has an account."],
  });

/** The roles with these ids; 400 naming the field when one is unknown. */
export async function requireRoles(
  roleIds: readonly string[],
  tx: Pick<Prisma.TransactionClient, "role"> = db,
): Promise<{ id: string; name: string; level: number; permissions: string[] }[]> {
  const roles = await tx.role.findMany({
    where: { id: { in: [...roleIds] } },
    select: { id: true, name: true, level: true, permissions: true },
  });
  if (roles.length !== roleIds.length) {
    throw new AppError("validation_failed", "Unknown role.", { roleIds: ["One of these roles does not exist."] });
  }
  return roles;
}

/** How a proposed manager relates to the actor; 400 naming the field when there is no such user. */
export async function managerRelation(actor: Access, managerId: string | null): Promise<Relation | "none"> {
  if (managerId === null) return "none";
  if (managerId === actor.id) return "self";
  const exists = await db.user.findUnique({ where: { id: managerId }, select: { id: true } });
  if (!exists) throw new AppError("validation_failed", "Unknown manager.", { managerId: ["There is no such user."] });
  return relationTo(actor.id, managerId);
}

/**
 * An administrator or manager creates an account: active at once (whoever creates it vouches for
 * the address), with the default role unless roles are given (each strictly below the actor's
 * level), managed by the actor unless another manager is named (for non-Admins, someone below
 * them). Without a password the person is invited by email to choose one. A never-activated
 * registration holding the address is replaced, so a stranger who pre-registered someone's email
 * cannot block their invitation.
 */
export async function createManagedUser(actor: Access, input: CreateUserInput, meta: RequestMeta): Promise<UserRecord> {
  const roles = await requireRoles(input.roleIds ?? [await defaultRoleId()]);
  const managerId = input.managerId === undefined ? actor.id : input.managerId;
  authorize(actor, {
    action: "users:create",
    roleLevels: roles.map((role) => role.level),
    grants: roles.flatMap((role) => role.permissions),
    manager: await managerRelation(actor, managerId),
  });
  if (input.password !== undefined) {
    const policy = passwordPolicyErrors(input.password, { username: input.username, email: input.email });
    if (policy) throw new AppError("validation_failed", "The password does not meet the policy.", policy);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      await replacePendingRegistration(tx, input.email, actor, meta);
      const created = await createUser(tx, {
        username: input.username,
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
        passwordHash,
        state: "active",
        roleIds: roles.map((role) => role.id),
        managerId,
        source: "admin",
        actorId: actor.id,
        meta,
      });
      await recordAudit(
        "user.created",
        {
          userId: created.id,
          actorId: actor.id,
          meta,
          data: { roles: roles.map((role) => role.name), managerId, invited: passwordHash === null },
        },
        tx,
      );
      if (passwordHash === null) {
        const inviter = await tx.user.findUniqueOrThrow({
          where: { id: actor.id },
          select: { username: true, firstName: true, lastName: true },
        });
        await sendInvitationEmail(
          tx,
          { id: created.id, email: input.email, username: input.username, firstName: input.firstName ?? "" },
          inviter,
        );
      }
      return created.id;
    });
  } catch (error) {
    if (isUniqueViolation(error, "usernameKey")) throw usernameTaken();
    if (isUniqueViolation(error, "email")) throw emailTaken();
    throw error;
  }
  return presentUser(await findUserRow(id), actor, "report") as UserRecord;
}

async function replacePendingRegistration(
  tx: Prisma.TransactionClient,
  email: string,
  actor: Access,
  meta: RequestMeta,
): Promise<void> {
  // An invited person not yet signed up can have a manager, so their row can be in a moving subtree.
  await lockManagementChain(tx);
  const [owner] = await tx.$queryRaw<{ id: string; emailVerified: Date | null; disabledAt: Date | null }[]>`
    SELECT "id", "emailVerified", "disabledAt" FROM "User" WHERE "email" = ${email} FOR UPDATE`;
  if (!owner) return;
  if (owner.emailVerified !== null || owner.disabledAt !== null) throw emailTaken();
  await tx.user.delete({ where: { id: owner.id } });
  await recordAudit(
    "account.registration_replaced",
    { userId: owner.id, actorId: actor.id, meta, data: { by: "invitation" } },
    tx,
  );
}
