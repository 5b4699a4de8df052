import { activateAccount } from "@/lib/accounts";
import { readJson, route } from "@/lib/http";
import { ActivateSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  const { token } = await readJson(request, ActivateSchema);
  await activateAccount(token);
  return Response.json(
    { message: "Your account is active. You can sign in now." },
    { headers: { "cache-control": "no-store" } },
  );
});
