import { describe, expect, it } from "vitest";
import { db } from "../db";
import { deliverEmail, idempotencyKeyFor } from "./delivery";
import { devMailboxTransport } from "./dev-mailbox";
import { TransientSendError } from "./send-errors";
import type { EmailTransport } from "./transport";

const body = (to: string) =>
  Buffer.from(JSON.stringify({ template: "password-changed", to, data: { username: "ada" } }));

describe("email delivery", () => {
  it("stores the email in the development mailbox once, however often the message is redelivered", async () => {
    const deps = { db, transport: devMailboxTransport() };
    const first = await deliverEmail(deps, "msg-dev-1", body("dev@example.com"));
    expect(first).toMatchObject({ kind: "sent", template: "password-changed" });
    expect(await deliverEmail(deps, "msg-dev-1", body("dev@example.com"))).toEqual({ kind: "duplicate" });

    // Even without the ledger (a crash between sending and recording), the mailbox keeps one copy.
    await db.processedMessage.delete({ where: { messageId: "msg-dev-1" } });
    expect(await deliverEmail(deps, "msg-dev-1", body("dev@example.com"))).toMatchObject({ kind: "sent" });
    const stored = await db.devEmail.findMany({ where: { to: "dev@example.com" } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      messageId: idempotencyKeyFor("msg-dev-1"),
      subject: "Your Authcore password was changed",
    });
    expect(stored[0]?.html).toContain('href="http://localhost:3000/forgot-password"');
  });

  it("asks for a retry on a transient failure and records nothing", async () => {
    const failing: EmailTransport = {
      name: "resend",
      send: async () => {
        throw new TransientSendError("resend 503", 2_000);
      },
    };
    expect(await deliverEmail({ db, transport: failing }, "msg-fail-1", body("f@example.com"))).toEqual({
      kind: "retry",
      reason: "resend 503",
      retryAfterMs: 2_000,
    });
    expect(await db.processedMessage.count({ where: { messageId: "msg-fail-1" } })).toBe(0);
  });

  it("parks messages without an id or with a body that is not an email message", async () => {
    const deps = { db, transport: devMailboxTransport() };
    expect(await deliverEmail(deps, undefined, body("a@example.com"))).toEqual({
      kind: "park",
      reason: "malformed: no message id",
    });
    expect(await deliverEmail(deps, "m", Buffer.from("\u0000\u0001"))).toEqual({
      kind: "park",
      reason: "malformed: body is not JSON",
    });
    expect(
      await deliverEmail(deps, "m", Buffer.from('{"template":"activation","to":"a@example.com","data":{}}')),
    ).toMatchObject({
      kind: "park",
      reason: expect.stringMatching(/^malformed: data\.username/),
    });
  });
});
