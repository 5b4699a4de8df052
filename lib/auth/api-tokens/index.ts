export { ACCESS_TOKEN_TTL_SECONDS, decodeAccessToken, issueAccessToken, type AccessTokenClaims } from "./access-token";
export { REFRESH_TOKEN_TTL_SECONDS, revokeToken, rotateRefreshToken, startTokenFamily } from "./families";
export { grantTokens, parseTokenRequest } from "./grants";
