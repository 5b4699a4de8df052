import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResend, type FakeResend } from "../testing/fake-resend";
import { PermanentSendError, TransientSendError } from "./send-errors";
import type { EmailTransport } from "./transport";

let resend: FakeResend;
let transport: EmailTransport;

beforeAll(async () => {
  resend = await startFakeResend();
  process.env.RESEND_API_KEY = "re_unit_key";
  process.env.RESEND_BASE_URL = resend.url;
  const { resendTransport } = await import("./resend-transport");
  transport = resendTransport();
});
afterAll(() => resend.close());

const email = { to: "someone@example.com", subject: "Hello", html: "<p>Hi</p>", text: "Hi" };

describe("Resend transport", () => {
  it("sends with the idempotency key, and a replay with the same key sends nothing more", async () => {
    const first = await transport.send(email, "key-1");
    const again = await transport.send(email, "key-1");
    expect(again.providerId).toBe(first.providerId);
    expect(resend.emails()).toHaveLength(1);
    expect(resend.emails()[0]).toMatchObject({
      idempotencyKey: "key-1",
      text: "Hi",
      html: "<p>Hi</p>",
      subject: "Hello",
    });
  });

  it("waits out a short Retry-After in process and then succeeds", async () => {
    resend.failNext(1, 429, 1);
    const started = Date.now();
    await transport.send(email, "key-2");
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(
      resend
        .requestLog()
        .filter((r) => r.idempotencyKey === "key-2")
        .map((r) => r.status),
    ).toEqual([429, 200]);
  });

  it("reports a 5xx without Retry-After as transient, a 422 as permanent", async () => {
    resend.failNext(1, 503);
    await expect(transport.send(email, "key-3")).rejects.toBeInstanceOf(TransientSendError);
    resend.failNext(1, 422);
    await expect(transport.send(email, "key-4")).rejects.toBeInstanceOf(PermanentSendError);
  });

  it("hands a long Retry-After back to the queue with its delay", async () => {
    resend.failNext(1, 429, 120);
    const error = await transport.send(email, "key-5").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSendError);
    expect((error as TransientSendError).retryAfterMs).toBe(120_000);
  });
});

describe("Retry-After and status rules", () => {
  it("parses seconds and HTTP dates", async () => {
    const { parseRetryAfter, isRetryableStatus } = await import("./resend-transport");
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect([null, 408, 429, 500, 503, 401].every((s) => isRetryableStatus(s))).toBe(true);
    expect([400, 404, 422].some((s) => isRetryableStatus(s))).toBe(false);
    expect(isRetryableStatus(409, "concurrent_idempotent_requests")).toBe(true);
    expect(isRetryableStatus(409, "invalid_idempotent_request")).toBe(false);
  });
});
