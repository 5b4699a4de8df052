import { authenticate, type CurrentSession } from "../auth/session";
import { loadAccess, type Access } from "./access";
import { assertSecondFactorPolicy } from "./mfa-policy";

/**
 * Route handlers: the authenticated caller (401 otherwise) with their effective access. An account
 * the second-factor policy covers gets 403 `mfa_enrollment_required` until it has a factor
 * (lib/auth/mfa/policy.ts): what these routes guard is more than its own account.
 */
export async function authenticateWithAccess(request: Request): Promise<{ session: CurrentSession; actor: Access }> {
  const session = await authenticate(request);
  const actor = await loadAccess(session.userId);
  await assertSecondFactorPolicy(actor);
  return { session, actor };
}
