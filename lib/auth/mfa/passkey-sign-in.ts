import { recordAudit } from "../../audit";
import { db } from "../../db";
import { AppError } from "../../errors";
import { logger } from "../../log";
import type { RequestMeta } from "../session/meta";
import { completeSignIn, type BrowserPlacement, type SignedIn } from "../session/sign-in";
import { checkPasskeyAuthentication } from "./passkeys";

/**
 * Signs in with a passkey alone (a discoverable credential, no username): the passkey names the
 * account, and since the challenge required user verification (PIN, biometrics) it stands for both
 * factors, so no second step follows. The session is placed in the browser like a password
 * sign-in's (completeSignIn: replacing its sessions, or with `addAccount` joining them), and the
 * device cookie is renewed. Every failure, whether the
 * challenge, the passkey, the signature or the account (disabled, not activated, gone), is the same
 * 401 `invalid_credentials`; the reason goes to the log and, when the passkey names an account, to
 * its audit trail.
 */
export async function signInWithPasskey(
  input: { challengeId: string; response: unknown },
  meta: RequestMeta,
  placement: BrowserPlacement,
): Promise<SignedIn> {
  const result = await checkPasskeyAuthentication({ challengeId: input.challengeId, response: input.response });
  const user = result.ok
    ? await db.user.findFirst({ where: { id: result.userId, isActive: true, disabledAt: null }, select: { id: true } })
    : null;
  if (!result.ok || !user) {
    const reason = result.ok ? "account_inactive" : result.reason;
    const userId = result.userId;
    logger.info({ reason, userId }, "passkey sign-in refused");
    // Without a known passkey there is no account to tell; anonymous noise stays out of the trail.
    if (userId) void recordAudit("login.failed", { userId, meta, data: { method: "passkey", reason } });
    throw new AppError("invalid_credentials", "The passkey could not sign you in.");
  }
  return completeSignIn(user.id, meta, placement, { method: "passkey", passkeyId: result.passkeyId });
}
