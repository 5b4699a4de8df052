import { describe, expect, it } from "vitest";
import { db } from "../db";
import { deliverEmail, idempotencyKeyFor } from "./delivery";
import { devMailboxTransport } from "./dev-mailbox";
import type { EmailMessage } from "./messages";
import { OVER_QUOTA_RESULT, type RecipientQuota } from "./quota";
import { sealEmail } from "./seal";
import { TransientSendError } from "./send-errors";
import type { EmailTransport } from "./transport";

const notice = (to: string): EmailMessage => ({
  template: "security-notice",
  to,
  data: { username: "ada", event: "password-changed", at: "2026-12-01T09:30:00.000Z", ip: "", userAgent: "" },
});
const sealed = async (message: EmailMessage) => Buffer.from(JSON.stringify(await sealEmail(message)));
const body = (to: string) => sealed(notice(to));

describe("email delivery", () => {
  it("stores the email in the development mailbox once, however often the message is redelivered", async () => {
    const deps = { db, transport: devMailboxTransport() };
    const first = await deliverEmail(deps, "msg-dev-1", await body("dev@example.com"));
    expect(first).toMatchObject({ kind: "sent", template: "security-notice" });
    expect(await deliverEmail(deps, "msg-dev-1", await body("dev@example.com"))).toEqual({ kind: "duplicate" });

    // Even without the ledger (a crash between sending and recording), the mailbox keeps one copy.
    await db.processedMessage.delete({ where: { messageId: "msg-dev-1" } });
    expect(await deliverEmail(deps, "msg-dev-1", await body("dev@example.com"))).toMatchObject({ kind: "sent" });
    const stored = await db.devEmail.findMany({ where: { to: "dev@example.com" } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      messageId: idempotencyKeyFor("msg-dev-1"),
      subject: "Your Authcore password was changed",
    });
    expect(stored[0]?.html).toContain('href="http://localhost:3000/forgot-password"');
  });

  it("records ids only in the ledger: never the link the email carries", async () => {
    const message: EmailMessage = {
      template: "password-reset",
      to: "ledger@example.com",
      data: { username: "ada", token: "live-reset-token-123" },
    };
    const outcome = await deliverEmail({ db, transport: devMailboxTransport() }, "msg-ledger-1", await sealed(message));
    expect(outcome).toMatchObject({ kind: "sent" });
    const row = await db.processedMessage.findUniqueOrThrow({ where: { messageId: "msg-ledger-1" } });
    expect(JSON.stringify(row)).not.toContain("live-reset-token-123");
    expect(row.result).toMatch(/^dev:\w+$/);
  });

  it("drops a message its recipient's quota refuses: nothing sent, the drop recorded so a redelivery is not weighed again", async () => {
    const asked: string[] = [];
    const refuseAll: RecipientQuota = {
      admit: async (category, recipient, messageId) => {
        asked.push(`${category} ${recipient} ${messageId}`);
        return false;
      },
    };
    const sent: string[] = [];
    const transport: EmailTransport = {
      name: "resend",
      send: async (email) => {
        sent.push(email.to);
        return { providerId: "p" };
      },
    };
    const deps = { db, transport, quota: refuseAll };
    expect(await deliverEmail(deps, "msg-quota-1", await body("bombed@example.com"))).toEqual({
      kind: "over-quota",
      template: "security-notice",
    });
    expect(await deliverEmail(deps, "msg-quota-1", await body("bombed@example.com"))).toEqual({ kind: "duplicate" });
    expect(sent).toEqual([]);
    expect(asked).toEqual(["security-notice:password-changed bombed@example.com msg-quota-1"]);
    const row = await db.processedMessage.findUniqueOrThrow({ where: { messageId: "msg-quota-1" } });
    expect(row.result).toBe(OVER_QUOTA_RESULT);
  });

  it("asks for a retry on a transient failure and records nothing", async () => {
    const failing: EmailTransport = {
      name: "resend",
      send: async () => {
        throw new TransientSendError("resend 503", 2_000);
      },
    };
    expect(await deliverEmail({ db, transport: failing }, "msg-fail-1", await body("f@example.com"))).toEqual({
      kind: "retry",
      reason: "resend 503",
      retryAfterMs: 2_000,
    });
    expect(await db.processedMessage.count({ where: { messageId: "msg-fail-1" } })).toBe(0);
  });

  it("parks messages without an id, not JSON, unsealed (plain data), or whose sealed data does not open or fit", async () => {
    const deps = { db, transport: devMailboxTransport() };
    expect(await deliverEmail(deps, undefined, await body("a@example.com"))).toEqual({
      kind: "park",
      reason: "malformed: no message id",
    });
    expect(await deliverEmail(deps, "m", Buffer.from("\u0000\u0001"))).toEqual({
      kind: "park",
      reason: "malformed: body is not JSON",
    });
    // The format before sealing: data in clear is refused, not sent.
    const plain = { template: "password-reset", to: "a@example.com", data: { username: "a", token: "t" } };
    expect(await deliverEmail(deps, "m", Buffer.from(JSON.stringify(plain)))).toMatchObject({
      kind: "park",
      reason: expect.stringMatching(/^malformed: sealed: /),
    });
    const forged = { template: "password-reset", to: "a@example.com", sealed: "a.b.c.d.e" };
    expect(await deliverEmail(deps, "m", Buffer.from(JSON.stringify(forged)))).toMatchObject({
      kind: "park",
      reason: expect.stringMatching(/^malformed: sealed data does not open/),
    });
    // Sealed data of another template does not fit this one.
    const other = await sealEmail(notice("a@example.com"));
    expect(
      await deliverEmail(deps, "m", Buffer.from(JSON.stringify({ ...other, template: "activation" }))),
    ).toMatchObject({ kind: "park", reason: expect.stringMatching(/^malformed: data\.token: /) });
  });
});
