import { revokeToken } from "@/lib/auth/api-tokens";
import { requestMeta } from "@/lib/auth/session";
import { NO_STORE, oauthRoute, readOAuthBody, validate } from "@/lib/http";
import { RevokeTokenSchema } from "@/lib/validation";

export const dynamic = "force-dynamic";

/** RFC 7009: ends the family of a refresh (or access) token; 200 whatever the token was. */
export const POST = oauthRoute(async (request) => {
  const { token } = validate(RevokeTokenSchema, await readOAuthBody(request));
  await revokeToken(token, requestMeta(request.headers));
  return new Response(null, { status: 200, headers: NO_STORE });
});
