import { registerAccount } from "@/lib/accounts";
import { requestMeta } from "@/lib/auth/session";
import { readJsonOrJwe, route } from "@/lib/http";
import { RegisterSchema } from "@/lib/validation";

export const POST = route(async (request) => {
  const input = await readJsonOrJwe(request, RegisterSchema);
  await registerAccount(input, requestMeta(request.headers));
  return Response.json(
    { message: "Account created. Check your email for the activation link." },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
