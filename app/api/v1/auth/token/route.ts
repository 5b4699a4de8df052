import { grantTokens, parseTokenRequest } from "@/lib/auth/api-tokens";
import { requestMeta } from "@/lib/auth/session";
import { NO_STORE, oauthRoute, readOAuthBody } from "@/lib/http";

export const dynamic = "force-dynamic";

/** OAuth 2.0 token endpoint: password and refresh_token grants; errors in OAuth's shape. */
export const POST = oauthRoute(async (request) => {
  const tokenRequest = parseTokenRequest(await readOAuthBody(request));
  const tokens = await grantTokens(tokenRequest, requestMeta(request.headers));
  return Response.json(tokens, { headers: NO_STORE });
});
