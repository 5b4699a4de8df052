import { describe, expect, it } from "vitest";
import { peekActionToken } from "../auth/tokens";
import { db, TokenPurpose } from "../db";
import { EMAIL_MESSAGE_TYPE, type SealedEmail } from "../email/messages";
import { redisRecipientQuota } from "../email/quota";
import { openEmail } from "../email/seal";
import { redis } from "../redis";
import { insertUser, TEST_META } from "../testing/fixtures";
import { OVER_QUOTA_RESULT, type RecipientQuota } from "../email/quota";
import {
  ACTIVATION_RESEND_REQUESTED,
  EMAIL_REQUEST_QUEUE,
  EMAIL_REQUEST_ROUTES,
  EMAIL_REQUEST_TTL_MS,
  EMAIL_REQUEST_TYPES,
  emailRequestSchema,
  handleEmailRequest,
  PASSWORD_RESET_REQUESTED,
  requestPasswordReset,
  resendActivation,
} from "./email-requests";
import { sqlStatementsDuring } from "./test-fixtures";

/** The four kinds of address a requester can type. */
async function addresses() {
  const active = await insertUser();
  const pending = await insertUser({ isActive: false });
  const disabled = await insertUser();
  await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  return { active, pending, disabled, unknown: `nobody.${Date.now()}@example.test` };
}

/** The request rows queued since `since`, oldest first. */
async function requestRows(since: Date) {
  return db.outboxMessage.findMany({
    where: { type: { in: [PASSWORD_RESET_REQUESTED, ACTIVATION_RESEND_REQUESTED] }, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
  });
}

/** Opened emails queued to `to`. */
async function emailsTo(to: string) {
  const rows = await db.outboxMessage.findMany({ where: { type: EMAIL_MESSAGE_TYPE }, orderBy: { createdAt: "asc" } });
  const sealed = rows.map((r) => r.payload as unknown as SealedEmail).filter((m) => m.to === to);
  return Promise.all(sealed.map(openEmail));
}

/** The request the worker would receive for the newest request row. */
async function queuedRequest(since: Date) {
  const row = (await requestRows(since)).at(-1);
  if (!row) throw new Error("no request queued");
  return { messageId: row.id, type: row.type, payload: row.payload };
}

describe.each([
  ["forgot password", requestPasswordReset, PASSWORD_RESET_REQUESTED],
  ["resend activation", resendActivation, ACTIVATION_RESEND_REQUESTED],
] as const)("%s on the request path", (_name, request, type) => {
  it("runs the same SQL and writes the same single row whatever the address: active, pending, disabled or unknown", async () => {
    const { active, pending, disabled, unknown } = await addresses();
    // A first call opens the pool's connections, so that each measured call finds it warm.
    await request("warm.up@example.test", TEST_META);
    const since = new Date();
    const executed: string[][] = [];
    for (const email of [active.email, pending.email, disabled.email, unknown]) {
      executed.push(await sqlStatementsDuring(() => request(email, TEST_META)));
    }
    expect(executed[0]?.some((sql) => sql.includes('INSERT INTO "public"."OutboxMessage"'))).toBe(true);
    for (const statements of executed) expect(statements).toEqual(executed[0]);
    expect(executed.flat().some((sql) => sql.includes('"User"'))).toBe(false);

    // By address as well as time: PostgreSQL rounds createdAt to the millisecond, so the warm-up row can look newer.
    const typed = [active.email, pending.email, disabled.email, unknown];
    const rows = (await requestRows(since)).filter((r) => typed.includes((r.payload as { email: string }).email));
    expect(rows.map((r) => r.type)).toEqual([type, type, type, type]);
    expect(rows.map((r) => r.payload)).toEqual(
      typed.map((email) => ({
        email,
        ip: TEST_META.ip,
        userAgent: TEST_META.userAgent,
        requestedAt: expect.any(String),
      })),
    );
    for (const row of rows) {
      expect((row.expiresAt?.getTime() ?? 0) - row.createdAt.getTime()).toBeLessThanOrEqual(EMAIL_REQUEST_TTL_MS);
    }
    // Nothing was decided on the request path: no link, no email.
    const ids = [active.id, pending.id, disabled.id];
    expect(await db.actionToken.count({ where: { userId: { in: ids } } })).toBe(0);
    for (const email of [active.email, pending.email, disabled.email, unknown])
      expect(await emailsTo(email)).toEqual([]);
  });
});

describe("the worker's answer to a request", () => {
  it("sends a reset link only to an active account that is not disabled, and records the request in the audit trail", async () => {
    const { active, pending, disabled, unknown } = await addresses();
    const outcomes = [];
    for (const email of [active.email, pending.email, disabled.email, unknown]) {
      const since = new Date();
      await requestPasswordReset(email, TEST_META);
      outcomes.push((await handleEmailRequest({}, await queuedRequest(since))).kind);
    }
    expect(outcomes).toEqual(["email-queued", "not-eligible", "not-eligible", "not-eligible"]);
    const [email, ...others] = await emailsTo(active.email);
    expect(others).toEqual([]);
    expect(email).toMatchObject({ template: "password-reset", data: { username: active.username } });
    const token = email?.template === "password-reset" ? email.data.token : "";
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toMatchObject({ userId: active.id });
    const row = await db.outboxMessage.findFirstOrThrow({ where: { type: EMAIL_MESSAGE_TYPE } });
    const link = await db.actionToken.findFirstOrThrow({ where: { userId: active.id } });
    expect(row.expiresAt).toEqual(link.expiresAt);
    for (const user of [pending, disabled]) expect(await emailsTo(user.email)).toEqual([]);
    expect(await db.actionToken.count({ where: { userId: { in: [pending.id, disabled.id] } } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "password.reset_requested" } });
    expect(audit).toMatchObject({ userId: active.id, ip: TEST_META.ip, userAgent: TEST_META.userAgent });
  });

  it("sends fresh activation links only to a pending account: not an active, a disabled pending or an unknown one", async () => {
    const { active, pending, unknown } = await addresses();
    const disabledPending = await insertUser({ isActive: false });
    await db.user.update({ where: { id: disabledPending.id }, data: { disabledAt: new Date() } });
    const outcomes = [];
    for (const email of [pending.email, active.email, disabledPending.email, unknown]) {
      const since = new Date();
      await resendActivation(email, TEST_META);
      outcomes.push((await handleEmailRequest({}, await queuedRequest(since))).kind);
    }
    expect(outcomes).toEqual(["email-queued", "not-eligible", "not-eligible", "not-eligible"]);
    expect((await emailsTo(pending.email)).map((m) => m.template)).toEqual(["activation"]);
    expect(await db.actionToken.count({ where: { userId: pending.id } })).toBe(2);
    expect(await db.actionToken.count({ where: { userId: { in: [active.id, disabledPending.id] } } })).toBe(0);
  });

  it("answers a redelivered request once: no second link, no second email, the first link still works", async () => {
    const user = await insertUser();
    const since = new Date();
    await requestPasswordReset(user.email, TEST_META);
    const message = await queuedRequest(since);
    expect(await handleEmailRequest({}, message)).toEqual({ kind: "email-queued" });
    const [first] = await emailsTo(user.email);
    expect(await handleEmailRequest({}, message)).toEqual({ kind: "duplicate" });
    // Copies delivered at the same time to several consumers: still one answer.
    const again = await Promise.all([1, 2, 3].map(() => handleEmailRequest({}, message)));
    expect(again.map((o) => o.kind)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await emailsTo(user.email)).toHaveLength(1);
    expect(await db.actionToken.count({ where: { userId: user.id } })).toBe(1);
    const token = first?.template === "password-reset" ? first.data.token : "";
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
  });

  it("answers concurrent first deliveries of one request exactly once", async () => {
    const user = await insertUser({ isActive: false });
    const since = new Date();
    await resendActivation(user.email, TEST_META);
    const message = await queuedRequest(since);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => handleEmailRequest({}, message)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["duplicate", "duplicate", "duplicate", "email-queued"]);
    expect(await emailsTo(user.email)).toHaveLength(1);
  });

  it("drops requests over the address's quota before issuing a link, so a flood cannot void the link already sent", async () => {
    const user = await insertUser();
    const quota = redisRecipientQuota(redis, { limit: 2 });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      const since = new Date();
      await requestPasswordReset(user.email, TEST_META);
      outcomes.push((await handleEmailRequest({ quota }, await queuedRequest(since))).kind);
    }
    expect(outcomes).toEqual(["email-queued", "email-queued", "over-quota", "over-quota"]);
    const emails = await emailsTo(user.email);
    expect(emails).toHaveLength(2);
    const last = emails.at(-1);
    const token = last?.template === "password-reset" ? last.data.token : "";
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toMatchObject({ userId: user.id });
  });

  it("keeps outcomes only in the ledger: neither the address nor the link", async () => {
    const user = await insertUser();
    const since = new Date();
    await requestPasswordReset(user.email, TEST_META);
    const message = await queuedRequest(since);
    await handleEmailRequest({}, message);
    const row = await db.processedMessage.findUniqueOrThrow({ where: { messageId: message.messageId } });
    expect(row.result).toBe("email-queued");
    const [email] = await emailsTo(user.email);
    const token = email?.template === "password-reset" ? email.data.token : "missing";
    expect(JSON.stringify(row)).not.toContain(user.email);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("ignores a request older than an hour, and reports malformed ones instead of throwing", async () => {
    const user = await insertUser();
    const since = new Date();
    await requestPasswordReset(user.email, TEST_META);
    const message = await queuedRequest(since);
    const later = () => Date.now() + EMAIL_REQUEST_TTL_MS + 1;
    expect(await handleEmailRequest({ now: later }, message)).toEqual({ kind: "expired" });
    expect(await handleEmailRequest({}, { ...message, type: "account.other" })).toMatchObject({ kind: "malformed" });
    expect(await handleEmailRequest({}, { ...message, type: undefined })).toMatchObject({ kind: "malformed" });
    expect(await handleEmailRequest({}, { ...message, payload: { email: "not-an-email" } })).toMatchObject({
      kind: "malformed",
      reason: expect.stringContaining("email"),
    });
    expect(await handleEmailRequest({}, { ...message, payload: undefined })).toMatchObject({ kind: "malformed" });
    expect(await emailsTo(user.email)).toEqual([]);
  });
});

describe("email requests: the contract between the request path, the relay and the worker", () => {
  it("two request types, both routed to the worker's one queue, answered within an hour", () => {
    expect(EMAIL_REQUEST_TYPES).toEqual(["account.password-reset-requested", "account.activation-resend-requested"]);
    expect(EMAIL_REQUEST_QUEUE).toBe("account.email-requests");
    expect(EMAIL_REQUEST_ROUTES).toEqual({
      "account.password-reset-requested": "account.email-requests",
      "account.activation-resend-requested": "account.email-requests",
    });
    expect(EMAIL_REQUEST_TTL_MS).toBe(60 * 60 * 1000);
  });

  it("a request carries the address, where it came from and when: all four are required", () => {
    const request = {
      email: "a@example.test",
      ip: "198.51.100.7",
      userAgent: "ua",
      requestedAt: new Date().toISOString(),
    };
    expect(emailRequestSchema.parse(request)).toEqual(request);
    for (const field of ["email", "ip", "userAgent", "requestedAt"] as const) {
      expect(emailRequestSchema.safeParse({ ...request, [field]: undefined }).success).toBe(false);
    }
    expect(emailRequestSchema.safeParse({ ...request, requestedAt: "yesterday" }).success).toBe(false);
    expect(emailRequestSchema.safeParse({ ...request, ip: "", userAgent: "" }).success).toBe(true);
  });

  it("the request row expires exactly an hour after the request, when the worker would drop it anyway", async () => {
    const since = new Date();
    await requestPasswordReset("expiry@example.test", TEST_META);
    const [row] = await requestRows(since);
    const requestedAt = Date.parse((row?.payload as { requestedAt: string }).requestedAt);
    expect(row?.expiresAt?.getTime()).toBe(requestedAt + EMAIL_REQUEST_TTL_MS);
    expect(Math.abs(requestedAt - row!.createdAt.getTime())).toBeLessThan(60_000);
  });
});

describe("the worker's answer at the edges", () => {
  it("answers a request up to the last millisecond of its hour, and drops it from then on", async () => {
    const user = await insertUser();
    const since = new Date();
    await requestPasswordReset(user.email, TEST_META);
    const message = await queuedRequest(since);
    const requestedAt = Date.parse((message.payload as { requestedAt: string }).requestedAt);
    expect(await handleEmailRequest({ now: () => requestedAt + EMAIL_REQUEST_TTL_MS }, message)).toEqual({
      kind: "expired",
    });
    expect(await handleEmailRequest({ now: () => requestedAt + EMAIL_REQUEST_TTL_MS - 1 }, message)).toEqual({
      kind: "email-queued",
    });
  });

  it("says what is wrong with a malformed request: the unknown type, or each bad field", async () => {
    const message = { messageId: "m-malformed", type: "account.other", payload: {} };
    expect(await handleEmailRequest({}, message)).toEqual({
      kind: "malformed",
      reason: "unknown request type: account.other",
    });
    const outcome = await handleEmailRequest({}, { ...message, type: PASSWORD_RESET_REQUESTED, payload: undefined });
    expect(outcome).toMatchObject({ kind: "malformed", reason: expect.stringMatching(/^body: /) });
    const fields = await handleEmailRequest({}, { ...message, type: PASSWORD_RESET_REQUESTED, payload: { ip: 1 } });
    expect(fields).toMatchObject({
      kind: "malformed",
      reason: expect.stringMatching(/^email: .+; ip: .+; userAgent: /),
    });
  });

  it("records each outcome in the ledger: not eligible, or over the quota", async () => {
    const since = new Date();
    await requestPasswordReset(`unknown.${Date.now()}@example.test`, TEST_META);
    const unknown = await queuedRequest(since);
    expect(await handleEmailRequest({}, unknown)).toEqual({ kind: "not-eligible" });
    expect((await db.processedMessage.findUniqueOrThrow({ where: { messageId: unknown.messageId } })).result).toBe(
      "not-eligible",
    );

    const user = await insertUser();
    const refuse: RecipientQuota = { admit: async () => false };
    const later = new Date();
    await requestPasswordReset(user.email, TEST_META);
    const over = await queuedRequest(later);
    expect(await handleEmailRequest({ quota: refuse }, over)).toEqual({ kind: "over-quota" });
    expect((await db.processedMessage.findUniqueOrThrow({ where: { messageId: over.messageId } })).result).toBe(
      OVER_QUOTA_RESULT,
    );
    // Once dropped, it stays dropped: a redelivery is a duplicate, not a second chance.
    expect(await handleEmailRequest({}, over)).toEqual({ kind: "duplicate" });
    expect(await emailsTo(user.email)).toEqual([]);
  });

  it("counts the quota per kind of request and per address, by message id", async () => {
    const user = await insertUser({ isActive: false });
    const admitted: [string, string, string][] = [];
    const quota: RecipientQuota = {
      admit: async (category, recipient, messageId) => {
        admitted.push([category, recipient, messageId]);
        return true;
      },
    };
    const since = new Date();
    await resendActivation(user.email, TEST_META);
    const message = await queuedRequest(since);
    await handleEmailRequest({ quota }, message);
    expect(admitted).toEqual([[`request:${ACTIVATION_RESEND_REQUESTED}`, user.email, message.messageId]]);
  });

  it("a reset request for an active account that was disabled meanwhile is not answered", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const since = new Date();
    await requestPasswordReset(user.email, TEST_META);
    expect(await handleEmailRequest({}, await queuedRequest(since))).toEqual({ kind: "not-eligible" });
  });

  it("an activation resend for a pending account whose email was verified (but not active) is not answered", async () => {
    const user = await insertUser({ isActive: false });
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    const since = new Date();
    await resendActivation(user.email, TEST_META);
    expect(await handleEmailRequest({}, await queuedRequest(since))).toEqual({ kind: "not-eligible" });
    const activeUnverified = await insertUser();
    await db.user.update({ where: { id: activeUnverified.id }, data: { emailVerified: null } });
    const later = new Date();
    await resendActivation(activeUnverified.email, TEST_META);
    expect(await handleEmailRequest({}, await queuedRequest(later))).toEqual({ kind: "not-eligible" });
  });
});
