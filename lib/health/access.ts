import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { clientIp, isLoopbackAddress } from "../http/client-ip";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may see /api/ready's per-service details (which of PostgreSQL, Redis, RabbitMQ is down,
 * a map of our dependencies): callers on this machine (an orchestrator's probe, a sidecar,
 * `curl localhost`), by the same client-address rule as rate limits, so a spoofed
 * X-Forwarded-For does not count; and anyone presenting READINESS_TOKEN as a Bearer token.
 * Everyone else gets the overall status only.
 */
export function mayReadReadinessDetails(headers: Headers, token = config.readinessToken): boolean {
  if (isLoopbackAddress(clientIp(headers))) return true;
  if (!token) return false;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1];
  // Digests of equal length, so the comparison's time says nothing about the token.
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}
