import { Redis as UpstashRedis } from "@upstash/redis";
import type { ScriptClient } from "./script-client";

/**
 * Upstash's REST client for the shared counts. Its own retries (5 attempts with backoff) are
 * off: the limiter already falls back to the in-process count when Redis does not answer in
 * time, and retrying in the background would only pile up requests against a failing endpoint.
 */
export function upstashScriptClient(options: { url: string; token: string }): ScriptClient {
  return new UpstashRedis({ url: options.url, token: options.token, enableTelemetry: false, retry: false });
}
