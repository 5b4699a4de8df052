import { secondStepPasskeyOptions } from "@/lib/auth/mfa/sign-in-step";
import { assertSameSite } from "@/lib/auth/session";
import { readJson, route } from "@/lib/http";
import { MfaPasskeyOptionsSchema } from "@/lib/validation/mfa-sign-in";

/** The passkey ceremony's options for the second step of a sign-in; the `mfaToken` stays usable. */
export const POST = route(async (request) => {
  assertSameSite(request);
  const { mfaToken } = await readJson(request, MfaPasskeyOptionsSchema);
  return Response.json(await secondStepPasskeyOptions(mfaToken), { headers: { "cache-control": "no-store" } });
});
