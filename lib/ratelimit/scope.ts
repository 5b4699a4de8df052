import { isMutatingMethod } from "../http/methods";

// Probes and public key discovery must keep answering whatever a client does.
const EXEMPT_PATHS = new Set(["/api/health", "/api/ready", "/.well-known/jwks.json"]);

/**
 * Which requests count against the rate limit: everything under `/api/` (our API and Auth.js's
 * endpoints) and every state-changing request elsewhere, which is how server actions arrive
 * (with a `Next-Action` header from the client, or as a plain form post without JavaScript).
 * Page loads and static assets are not counted.
 */
export function isRateLimited(pathname: string, method: string): boolean {
  if (EXEMPT_PATHS.has(pathname)) return false;
  if (pathname === "/api" || pathname.startsWith("/api/")) return true;
  return isMutatingMethod(method);
}
