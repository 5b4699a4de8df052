import { activateAccount } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { ActivateSchema } from "@/lib/validation";

/** Activates with the emailed token and the password chosen at registration (a wrong one: 401). */
export const POST = route(async (request) => {
  const input = await readJsonOrJwe(request, ActivateSchema);
  await activateAccount(input, requestMeta(request.headers));
  return Response.json(
    { message: "Your account is active. You can sign in now." },
    { headers: { "cache-control": "no-store" } },
  );
});
