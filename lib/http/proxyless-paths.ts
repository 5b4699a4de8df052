/**
 * Paths proxy.ts's matcher leaves out (its `config.matcher` spells them again, as Next requires a
 * literal there; proxy.test.ts checks the two agree). They need nothing of the proxy: no rate limit
 * (probes and the public keys), no nonce (JSON), no cookie. Next's proxy machinery alone costs as
 * much CPU as such a route (docs/decisions/098), so they get their fixed headers from
 * next.config.ts, and the 405 for a method they lack from the Node server (lib/http/node-server.ts).
 */
export const PROXYLESS_PATHS: ReadonlySet<string> = new Set(["/api/health", "/api/ready", "/.well-known/jwks.json"]);
