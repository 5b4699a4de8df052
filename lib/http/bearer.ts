/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 token68 syntax); null for any
 * other header or none. The one reading of that header, for the edge and the handlers alike.
 */
export function bearerToken(authorization: string | null): string | null {
  const match = authorization ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization) : null;
  return match?.[1] ?? null;
}
