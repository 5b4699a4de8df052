import { resendActivation } from "@/lib/accounts";
import { readJson, route } from "@/lib/http";
import { ResendActivationSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  const { email } = await readJson(request, ResendActivationSchema);
  await resendActivation(email);
  return Response.json(
    { message: "If that email belongs to an account that is not activated yet, a new activation link is on its way." },
    { status: 202, headers: { "cache-control": "no-store" } },
  );
});
