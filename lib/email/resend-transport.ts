import { setTimeout as sleep } from "node:timers/promises";
import { Resend } from "resend";
import { config } from "../config";
import { PermanentSendError, TransientSendError } from "./send-errors";
import type { EmailTransport } from "./transport";

const SEND_TIMEOUT_MS = 15_000;
/** Retry-After waits up to this long happen in-process; longer ones go back to the delay queues. */
const MAX_INLINE_WAIT_MS = 30_000;
const MAX_INLINE_RETRIES = 2;

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Rate limits, outages, timeouts and key problems are retried; a rejected email is not. */
export function isRetryableStatus(status: number | null | undefined, name?: string): boolean {
  if (status === null || status === undefined) return true;
  if (status === 409) return name !== "invalid_idempotent_request";
  return status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;
}

/**
 * Resend through its SDK. The SDK never throws (HTTP errors and timeouts come back as `error`)
 * and has no timeout of its own, so every call gets an AbortSignal. Every send carries the
 * idempotency key, so a redelivered message never produces a second email. A 429 or 5xx with
 * Retry-After pauses every send of this process until then (the provider asked us to slow down).
 */
export function resendTransport(): EmailTransport {
  const client = new Resend(
    config.email.resendApiKey,
    config.email.resendBaseUrl ? { baseUrl: config.email.resendBaseUrl } : undefined,
  );
  let pausedUntil = 0;

  return {
    name: "resend",
    async send(email, idempotencyKey) {
      for (let inline = 0; ; inline++) {
        const wait = pausedUntil - Date.now();
        if (wait > 0) await sleep(wait);
        const { data, error, headers } = await client.emails.send(
          { from: config.email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
        );
        if (data) return { providerId: data.id };
        const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
        const detail =
          `resend ${status ?? "network error"}: ${error?.name ?? "unknown"} ${error?.message ?? ""}`.trim();
        if (!isRetryableStatus(status, error?.name)) throw new PermanentSendError(detail);
        const retryAfterMs = parseRetryAfter(headers?.["retry-after"]);
        if (retryAfterMs !== undefined)
          pausedUntil = Math.max(pausedUntil, Date.now() + Math.min(retryAfterMs, MAX_INLINE_WAIT_MS));
        if (retryAfterMs === undefined || retryAfterMs > MAX_INLINE_WAIT_MS || inline >= MAX_INLINE_RETRIES) {
          throw new TransientSendError(detail, retryAfterMs);
        }
      }
    },
  };
}
