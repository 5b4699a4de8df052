import { removeTotp, startTotpEnrolment } from "@/lib/auth/mfa/totp";
import { assertRecentAuthentication, authenticate, requestMeta, withRenewal } from "@/lib/auth/session";
import { route } from "@/lib/http";
import type { TotpEnrolmentResponse } from "@/lib/validation";

export const dynamic = "force-dynamic";

/** Starts setting up an authenticator app (needs a recent sign-in); POST …/totp/confirm finishes it. */
export const POST = route(async (request) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  const { secret, otpauthUrl, qrDataUrl } = await startTotpEnrolment(session.userId);
  const body: TotpEnrolmentResponse = { secret, otpauthUrl, qrCode: qrDataUrl };
  return withRenewal(Response.json(body, { headers: { "cache-control": "no-store" } }), session);
});

/** Removes the authenticator app, or cancels a pending setup (needs a recent sign-in). */
export const DELETE = route(async (request) => {
  const session = await authenticate(request);
  assertRecentAuthentication(session);
  await removeTotp(session.userId, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
