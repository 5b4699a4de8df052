import { hasSecondFactor } from "../auth/mfa/factors";
import {
  loadMfaPolicy,
  mustEnrolSecondFactor,
  saveMfaRequiredLevel,
  type MfaPolicy,
  type MfaSettings,
} from "../auth/mfa/policy";
import type { RequestMeta } from "../auth/session/meta";
import { AppError } from "../errors";
import { decide, type Actor } from "./policy";

function authorize(actor: Actor): void {
  const decision = decide(actor, { action: "security:manage" });
  if (!decision.allowed) throw new AppError(decision.code, decision.reason);
}

/** The instance's second-factor policy (security:manage, Admins only). */
export async function getMfaPolicy(actor: Actor): Promise<MfaPolicy> {
  authorize(actor);
  return loadMfaPolicy();
}

/**
 * Sets which levels must use a second factor (null: nobody); audited `security.policy_changed`.
 * An Admin without a factor cannot require one of their own level (409): they would be sent to
 * set one up at once, and could not change the policy back until they had.
 */
export async function updateMfaPolicy(
  actor: Actor,
  input: { mfaRequiredLevel: number | null },
  meta: RequestMeta,
): Promise<MfaPolicy> {
  authorize(actor);
  const coversActor = input.mfaRequiredLevel !== null && actor.level <= input.mfaRequiredLevel;
  if (coversActor && !(await hasSecondFactor(actor.id))) {
    throw new AppError("conflict", "Set up a second factor for your own account before requiring one of your role.", {
      mfaRequiredLevel: ["Set up your own second factor first: this level includes your role."],
    });
  }
  return saveMfaRequiredLevel(input.mfaRequiredLevel, actor.id, meta);
}

/**
 * The permission-checked API refuses an account the second-factor policy covers until it has a
 * factor (403 `mfa_enrollment_required`): its session may only manage its own account meanwhile.
 */
export async function assertSecondFactorPolicy(
  access: Pick<Actor, "id" | "level"> & { mfaSettings: MfaSettings | null },
): Promise<void> {
  if (await mustEnrolSecondFactor(access.id, access.level, access.mfaSettings)) {
    throw new AppError(
      "mfa_enrollment_required",
      "Your role requires a second factor: set up an authenticator app or a passkey in your account first.",
    );
  }
}
