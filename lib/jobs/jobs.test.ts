import { describe, expect, it } from "vitest";
import { db } from "../db";
import { logger } from "../log";
import { redis } from "../redis";
import { parseScheduleOverrides, scheduledJobs } from "./definitions";
import { runJob } from "./scheduler";

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);
let n = 0;

async function user(
  data: { isActive?: boolean; emailVerified?: Date | null; disabledAt?: Date | null; createdAt?: Date } = {},
) {
  n++;
  return db.user.create({ data: { username: `u${n}`, usernameKey: `u${n}`, email: `u${n}@example.com`, ...data } });
}

const run = (name: string) => runJob(name, { db, log: logger });

describe("maintenance jobs", () => {
  it("purges only accounts never activated within the TTL", async () => {
    const stale = await user({ createdAt: ago(31 * DAY) });
    const fresh = await user({ createdAt: ago(29 * DAY) });
    const active = await user({ isActive: true, emailVerified: ago(40 * DAY), createdAt: ago(40 * DAY) });
    const deactivated = await user({ isActive: false, emailVerified: ago(40 * DAY), createdAt: ago(40 * DAY) });
    // Disabled is its own state: an administrator's decision about a never-activated account is kept too.
    const disabledPending = await user({ disabledAt: ago(35 * DAY), createdAt: ago(40 * DAY) });
    await db.actionToken.create({
      data: { userId: stale.id, purpose: "ACTIVATION", tokenHash: "h-stale", expiresAt: ago(DAY) },
    });

    expect(await run("purge-inactive-accounts")).toEqual({ accountsDeleted: 1 });
    const left = (await db.user.findMany({ select: { id: true } })).map((u) => u.id);
    expect(left).not.toContain(stale.id);
    expect(left).toEqual(expect.arrayContaining([fresh.id, active.id, deactivated.id, disabledPending.id]));
    expect(await db.actionToken.count({ where: { userId: stale.id } })).toBe(0);
    expect(await run("purge-inactive-accounts")).toEqual({ accountsDeleted: 0 });
  });

  it("purges expired and used one-time tokens and expired refresh tokens, keeping live ones", async () => {
    const u = await user({ isActive: true, emailVerified: new Date() });
    const token = (tokenHash: string, expiresAt: Date, usedAt: Date | null = null) =>
      db.actionToken.create({ data: { userId: u.id, purpose: "PASSWORD_RESET", tokenHash, expiresAt, usedAt } });
    await token("expired", ago(1000));
    await token("used", ahead(DAY), ago(1000));
    const live = await token("live", ahead(DAY));
    // A revoked family's refresh tokens leave with its registry row (cascade); the job takes expired ones.
    const family = await db.session.create({
      data: {
        userId: u.id,
        kind: "API",
        sessionToken: `family-${u.id}`,
        expires: ahead(DAY),
        absoluteExpires: ahead(DAY),
      },
    });
    const refresh = (tokenHash: string, expiresAt: Date, extra: { usedAt?: Date } = {}) =>
      db.refreshToken.create({ data: { userId: u.id, familyId: family.id, tokenHash, expiresAt, ...extra } });
    await refresh("r-expired", ago(1000));
    const liveRefresh = await refresh("r-live", ahead(DAY));
    const rotated = await refresh("r-used", ahead(DAY), { usedAt: ago(1000) });
    await db.verificationToken.create({ data: { identifier: "x", token: "v-expired", expires: ago(1000) } });
    const challenge = (tokenHash: string, expiresAt: Date) =>
      db.signInChallenge.create({ data: { tokenHash, userId: u.id, kind: "BROWSER", method: "password", expiresAt } });
    await challenge("c-expired", ago(1000));
    const liveChallenge = await challenge("c-live", ahead(60_000));

    expect(await run("purge-expired-tokens")).toEqual({
      actionTokensDeleted: 2,
      verificationTokensDeleted: 1,
      refreshTokensDeleted: 1,
      signInChallengesDeleted: 1,
    });
    expect((await db.signInChallenge.findMany({ where: { userId: u.id } })).map((c) => c.id)).toEqual([
      liveChallenge.id,
    ]);
    expect((await db.actionToken.findMany({ where: { userId: u.id } })).map((t) => t.id)).toEqual([live.id]);
    // A used refresh token stays until it expires: presenting it again reveals a stolen token.
    const kept = await db.refreshToken.findMany({ where: { userId: u.id }, orderBy: { tokenHash: "asc" } });
    expect(kept.map((t) => t.id)).toEqual([liveRefresh.id, rotated.id]);
  });

  it("purges sessions past their idle or absolute expiry", async () => {
    const u = await user({ isActive: true, emailVerified: new Date() });
    const session = (sessionToken: string, expires: Date, absoluteExpires: Date) =>
      db.session.create({ data: { userId: u.id, sessionToken, expires, absoluteExpires } });
    await session("idle", ago(1000), ahead(DAY));
    await session("absolute", ahead(DAY), ago(1000));
    const live = await session("live", ahead(DAY), ahead(2 * DAY));
    expect(await run("purge-expired-sessions")).toEqual({ sessionsDeleted: 2 });
    expect((await db.session.findMany({ where: { userId: u.id } })).map((s) => s.id)).toEqual([live.id]);
  });

  it("refreshes the role-permission cache", async () => {
    await db.role.create({ data: { name: "Auditor", level: 50, permissions: ["users:read"] } });
    await redis.del("authz:roles");
    const { rolesCached } = await run("refresh-role-cache");
    expect(rolesCached).toBe(await db.role.count());
    expect(await redis.hlen("authz:roles")).toBe(rolesCached);
  });

  it("purges old delivered outbox rows and ledger entries, never pending ones", async () => {
    await db.outboxMessage.createMany({
      data: [
        { type: "email.send", payload: {}, publishedAt: ago(15 * DAY), createdAt: ago(15 * DAY) },
        { type: "email.send", payload: {}, publishedAt: ago(DAY) },
        { type: "email.send", payload: {}, publishedAt: null, createdAt: ago(20 * DAY) },
      ],
    });
    await db.processedMessage.createMany({
      data: [{ messageId: "old", processedAt: ago(15 * DAY) }, { messageId: "new" }],
    });
    expect(await run("purge-message-ledger")).toEqual({ outboxDeleted: 1, ledgerDeleted: 1 });
    expect(await db.outboxMessage.count({ where: { publishedAt: null } })).toBe(1);
  });

  it("reads schedule overrides and refuses unknown job names", () => {
    expect(parseScheduleOverrides("refresh-role-cache=*/2 * * * * *; purge-expired-sessions=0 * * * *")).toEqual(
      new Map([
        ["refresh-role-cache", "*/2 * * * * *"],
        ["purge-expired-sessions", "0 * * * *"],
      ]),
    );
    expect(() => parseScheduleOverrides("nope=* * * * *")).toThrow(/unknown job "nope"/);
    expect(() => parseScheduleOverrides("refresh-role-cache")).toThrow(/not name=cron/);
    expect(scheduledJobs("refresh-role-cache=1 * * * *").find((j) => j.name === "refresh-role-cache")?.cron).toBe(
      "1 * * * *",
    );
  });
});
