import { recordAudit } from "../../audit";
import { ADMIN_ROLE } from "../../authz/builtin-roles";
import { db } from "../../db";
import type { RequestMeta } from "../session/meta";
import { hasSecondFactor, USES_SECOND_FACTOR } from "./factors";

/**
 * Who must use a second factor: roles at level `mfaRequiredLevel` or above (a lower or equal
 * number), set by an Admin (PUT /api/v1/security/mfa-policy, /admin/security); `null` is nobody.
 * Until an Admin sets it (no SecuritySettings row) the default is the Admins (level 1), but only
 * once any active Admin has a second factor: a fresh installation, or one that has never used
 * second factors, is not sent to enrolment by surprise, and the first Admin to set one up turns it
 * on for the others.
 *
 * A covered account without a factor still signs in (password or Google; a passkey sign-in is
 * already two factors), but its session only reaches its account page (to set one up), /logout
 * and the API that needs: other pages redirect to /account/security?notice=mfa-required and the
 * permission-checked API answers 403 `mfa_enrollment_required`; the token endpoint gives it no
 * tokens. Read on each check, so a change applies on the next request on every instance.
 */
export const DEFAULT_REQUIRED_LEVEL = 1;
/** An account without roles counts as this level (as lib/authz/role-cache.ts effectiveAccess does). */
const NO_ROLE_LEVEL = 1000;

export type MfaSettings = { mfaRequiredLevel: number | null };

/** The rule, as a pure function of the facts: whether an account at `userLevel` must use a second factor. */
export function secondFactorRequired(
  settings: MfaSettings | null,
  anyAdminHasFactor: boolean,
  userLevel: number,
): boolean {
  if (settings === null) return anyAdminHasFactor && userLevel <= DEFAULT_REQUIRED_LEVEL;
  return settings.mfaRequiredLevel !== null && userLevel <= settings.mfaRequiredLevel;
}

/** The highest level number the rule can cover (null: nobody), before knowing about any Admin's factors. */
function coveredUpTo(settings: MfaSettings | null): number | null {
  return settings === null ? DEFAULT_REQUIRED_LEVEL : settings.mfaRequiredLevel;
}

/** The instance's settings row, or null when none was ever saved (the default applies). */
export async function loadMfaSettings(): Promise<MfaSettings | null> {
  return db.securitySettings.findUnique({ where: { id: 1 }, select: { mfaRequiredLevel: true } });
}

/** Whether any active holder of the built-in Admin role has a second factor (what turns the default on). */
export async function anyActiveAdminHasFactor(): Promise<boolean> {
  const found = await db.user.findFirst({
    where: {
      isActive: true,
      disabledAt: null,
      roles: { some: { role: { name: ADMIN_ROLE } } },
      ...USES_SECOND_FACTOR,
    },
    select: { id: true },
  });
  return found !== null;
}

/** The lowest level among the user's roles (more authority = lower number). */
export async function userLevel(userId: string): Promise<number> {
  const roles = await db.userRole.findMany({ where: { userId }, select: { role: { select: { level: true } } } });
  return roles.reduce((lowest, { role }) => Math.min(lowest, role.level), NO_ROLE_LEVEL);
}

/**
 * Whether this account must set up a second factor before it may do anything but manage its own
 * account. `level` and the settings when the caller already has them (lib/authz reads both with
 * the access, in its one query); otherwise one read of the settings, and more only for accounts
 * the rule covers.
 */
export async function mustEnrolSecondFactor(
  userId: string,
  level?: number,
  preloaded?: MfaSettings | null,
): Promise<boolean> {
  const settings = preloaded === undefined ? await loadMfaSettings() : preloaded;
  const upTo = coveredUpTo(settings);
  if (upTo === null) return false;
  const actual = level ?? (await userLevel(userId));
  if (actual > upTo || (await hasSecondFactor(userId))) return false;
  return secondFactorRequired(settings, settings === null && (await anyActiveAdminHasFactor()), actual);
}

export type MfaPolicy = { mfaRequiredLevel: number | null; isDefault: boolean; enforced: boolean };

/** The policy as the admin console and the API show it. */
export async function loadMfaPolicy(): Promise<MfaPolicy> {
  const settings = await loadMfaSettings();
  if (settings) {
    return {
      mfaRequiredLevel: settings.mfaRequiredLevel,
      isDefault: false,
      enforced: settings.mfaRequiredLevel !== null,
    };
  }
  return { mfaRequiredLevel: DEFAULT_REQUIRED_LEVEL, isDefault: true, enforced: await anyActiveAdminHasFactor() };
}

/**
 * Saves the level (the caller authorized it: lib/authz/mfa-policy.ts), audited
 * `security.policy_changed` with who changed it, from what, to what.
 */
export async function saveMfaRequiredLevel(
  mfaRequiredLevel: number | null,
  actorId: string,
  meta: RequestMeta,
): Promise<MfaPolicy> {
  await db.$transaction(async (tx) => {
    // Two Admins saving at once take turns, so each audit event names the value it replaced.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('security:settings'))`;
    const before = await tx.securitySettings.findUnique({ where: { id: 1 }, select: { mfaRequiredLevel: true } });
    await tx.securitySettings.upsert({
      where: { id: 1 },
      create: { id: 1, mfaRequiredLevel },
      update: { mfaRequiredLevel },
    });
    await recordAudit(
      "security.policy_changed",
      {
        actorId,
        userId: null,
        meta,
        data: {
          setting: "mfaRequiredLevel",
          from: before ? before.mfaRequiredLevel : "default",
          to: mfaRequiredLevel,
        },
      },
      tx,
    );
  });
  return loadMfaPolicy();
}
