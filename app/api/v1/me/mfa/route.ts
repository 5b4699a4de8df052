import { authenticate, withRenewal } from "@/lib/auth/session";
import { mfaOverview } from "@/lib/auth/mfa/overview";
import { route } from "@/lib/http";
import type { MfaOverviewResponse } from "@/lib/validation";

export const dynamic = "force-dynamic";

/** The caller's second factors: the authenticator app, how many passkeys, how many recovery codes are left. */
export const GET = route(async (request) => {
  const session = await authenticate(request);
  const { totp, passkeys, recoveryCodesLeft } = await mfaOverview(session.userId);
  const body: MfaOverviewResponse = {
    totp: { enabled: totp.enabled, pending: totp.pending },
    passkeys,
    recoveryCodesLeft,
  };
  return withRenewal(Response.json(body, { headers: { "cache-control": "no-store" } }), session);
});
