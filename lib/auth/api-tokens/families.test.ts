import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../db";
import { redis } from "../../redis";
import { insertUser, TEST_META } from "../../testing/fixtures";
import { authenticateAccessToken } from "../session/authenticate";
import { listSessions, revokeAllSessions, signOut } from "../session/registry";
import { familyTokenHash, lookupSession } from "../session/store";
import { sha256 } from "../tokens";
import { REFRESH_TOKEN_TTL_SECONDS, revokeToken, rotateRefreshToken, startTokenFamily } from "./families";

afterEach(async () => {
  vi.useRealTimers();
  if (redis.status !== "ready") await redis.connect().catch(() => undefined);
});

const DAY = 86_400_000;

describe("starting a token family", () => {
  it("registers an API row in the session registry, stores only the refresh token's hash, and answers tokens", async () => {
    const user = await insertUser();
    const { familyId, tokens } = await startTokenFamily(user.id, { ip: "192.0.2.9", userAgent: "client/1.0" });
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const family = await db.session.findUniqueOrThrow({ where: { id: familyId }, include: { refreshTokens: true } });
    expect(family).toMatchObject({ kind: "API", userId: user.id, ip: "192.0.2.9", userAgent: "client/1.0" });
    expect(family.sessionToken).toBe(familyTokenHash(familyId));
    expect(family.refreshTokens).toHaveLength(1);
    expect(family.refreshTokens[0]!.tokenHash).toBe(sha256(tokens.refresh_token));
    expect(JSON.stringify(family)).not.toContain(tokens.refresh_token);
    const refreshLife = family.refreshTokens[0]!.expiresAt.getTime() - family.createdAt.getTime();
    expect(Math.abs(refreshLife - REFRESH_TOKEN_TTL_SECONDS * 1000)).toBeLessThan(5_000);
    expect(family.expires).toEqual(family.refreshTokens[0]!.expiresAt);
    expect(await authenticateAccessToken(tokens.access_token)).toMatchObject({
      userId: user.id,
      sessionId: familyId,
      via: "bearer",
    });
  });

  it("is listed among the user's sessions as kind api", async () => {
    const user = await insertUser();
    const { familyId } = await startTokenFamily(user.id, TEST_META);
    expect(await listSessions(user.id, familyId)).toEqual([
      expect.objectContaining({ id: familyId, kind: "api", current: true, userAgent: TEST_META.userAgent }),
    ]);
  });
});

describe("refreshing", () => {
  it("uses up the presented token and answers a new pair in the same family", async () => {
    const user = await insertUser();
    const first = await startTokenFamily(user.id, TEST_META);
    const second = await rotateRefreshToken(first.tokens.refresh_token, TEST_META);
    expect(second).toMatchObject({ userId: user.id, familyId: first.familyId });
    expect(second.tokens.refresh_token).not.toBe(first.tokens.refresh_token);
    expect(await authenticateAccessToken(second.tokens.access_token)).toMatchObject({ sessionId: first.familyId });
    // The access token issued before the refresh keeps working until it expires.
    expect(await authenticateAccessToken(first.tokens.access_token)).toMatchObject({ sessionId: first.familyId });
    const third = await rotateRefreshToken(second.tokens.refresh_token, TEST_META);
    expect(third.familyId).toBe(first.familyId);
  });

  it("moves the family's expiry with each refresh token, never past its absolute expiry", async () => {
    const user = await insertUser();
    const { familyId, tokens } = await startTokenFamily(user.id, TEST_META);
    // A family near its absolute expiry (SESSION_ABSOLUTE_DAYS): the next refresh token ends with it.
    const absoluteExpires = new Date(Date.now() + 2 * DAY);
    await db.session.update({ where: { id: familyId }, data: { absoluteExpires } });
    const next = await rotateRefreshToken(tokens.refresh_token, TEST_META);
    const row = await db.session.findUniqueOrThrow({ where: { id: familyId }, include: { refreshTokens: true } });
    expect(row.expires).toEqual(absoluteExpires);
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 5_000);
    expect(row.refreshTokens.find((t) => t.tokenHash === sha256(next.tokens.refresh_token))!.expiresAt).toEqual(
      absoluteExpires,
    );
    expect((await lookupSession(familyTokenHash(familyId)))!.exp).toBe(absoluteExpires.getTime());
  });

  it("revokes the whole family when a used refresh token comes back (reuse detection)", async () => {
    const user = await insertUser();
    const first = await startTokenFamily(user.id, TEST_META);
    const second = await rotateRefreshToken(first.tokens.refresh_token, TEST_META);
    await expect(rotateRefreshToken(first.tokens.refresh_token, TEST_META)).rejects.toMatchObject({
      code: "invalid_grant",
    });
    await expect(rotateRefreshToken(second.tokens.refresh_token, TEST_META)).rejects.toMatchObject({
      code: "invalid_grant",
    });
    expect(await authenticateAccessToken(second.tokens.access_token)).toBeNull();
    expect(await authenticateAccessToken(first.tokens.access_token)).toBeNull();
    expect(await db.session.count({ where: { id: first.familyId } })).toBe(0);
    expect(await db.refreshToken.count({ where: { familyId: first.familyId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "token.reuse_detected" } })).toBe(1);
  });

  it("lets exactly one of ten concurrent refreshes with one token succeed", async () => {
    const user = await insertUser();
    const { tokens } = await startTokenFamily(user.id, TEST_META);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => rotateRefreshToken(tokens.refresh_token, TEST_META)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "invalid_grant" });
    // The losers presented a used token: reuse detection revoked the family, the winner's new tokens with it.
    const winner = results.find((r) => r.status === "fulfilled")!;
    const { tokens: next } = (winner as PromiseFulfilledResult<Awaited<ReturnType<typeof rotateRefreshToken>>>).value;
    expect(await authenticateAccessToken(next.access_token)).toBeNull();
    await expect(rotateRefreshToken(next.refresh_token, TEST_META)).rejects.toMatchObject({ code: "invalid_grant" });
  });

  it("refuses an expired refresh token without revoking the family", async () => {
    const user = await insertUser();
    const { familyId, tokens } = await startTokenFamily(user.id, TEST_META);
    await db.refreshToken.updateMany({ where: { familyId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await expect(rotateRefreshToken(tokens.refresh_token, TEST_META)).rejects.toMatchObject({ code: "invalid_grant" });
    expect(await authenticateAccessToken(tokens.access_token)).toMatchObject({ sessionId: familyId });
  });

  it("refuses unknown tokens, revoked families and users who can no longer sign in", async () => {
    await expect(rotateRefreshToken("never-issued", TEST_META)).rejects.toMatchObject({ code: "invalid_grant" });
    const user = await insertUser();
    const revoked = await startTokenFamily(user.id, TEST_META);
    await signOut(revoked.familyId);
    await expect(rotateRefreshToken(revoked.tokens.refresh_token, TEST_META)).rejects.toMatchObject({
      code: "invalid_grant",
    });
    const disabled = await startTokenFamily(user.id, TEST_META);
    // Only the user's state changes here (disableUser would also revoke the family).
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(rotateRefreshToken(disabled.tokens.refresh_token, TEST_META)).rejects.toMatchObject({
      code: "invalid_grant",
    });
    const inactive = await insertUser({ isActive: false });
    const pending = await startTokenFamily(inactive.id, TEST_META);
    await expect(rotateRefreshToken(pending.tokens.refresh_token, TEST_META)).rejects.toMatchObject({
      code: "invalid_grant",
    });
  });

  it("never fails with a server error when a refresh races the family's revocation", async () => {
    const user = await insertUser();
    for (let round = 0; round < 5; round++) {
      const { familyId, tokens } = await startTokenFamily(user.id, TEST_META);
      const [refresh] = await Promise.allSettled([
        rotateRefreshToken(tokens.refresh_token, TEST_META),
        signOut(familyId),
        revokeAllSessions(user.id),
      ]);
      if (refresh.status === "rejected") expect(refresh.reason).toMatchObject({ code: "invalid_grant" });
      expect(await db.session.count({ where: { id: familyId } })).toBe(0);
      if (refresh.status === "fulfilled")
        expect(await authenticateAccessToken(refresh.value.tokens.access_token)).toBeNull();
    }
  });
});

describe("revoking a token (RFC 7009)", () => {
  it("ends the family of a refresh token or of an access token, and ignores anything else", async () => {
    const user = await insertUser();
    const byRefresh = await startTokenFamily(user.id, TEST_META);
    const byAccess = await startTokenFamily(user.id, TEST_META);
    const untouched = await startTokenFamily(user.id, TEST_META);
    await revokeToken(byRefresh.tokens.refresh_token, TEST_META);
    await revokeToken(byAccess.tokens.access_token, TEST_META);
    await revokeToken("not-a-token", TEST_META);
    await revokeToken("x".repeat(5000), TEST_META);
    await revokeToken(byRefresh.tokens.refresh_token, TEST_META);
    expect(await authenticateAccessToken(byRefresh.tokens.access_token)).toBeNull();
    expect(await authenticateAccessToken(byAccess.tokens.access_token)).toBeNull();
    await expect(rotateRefreshToken(byAccess.tokens.refresh_token, TEST_META)).rejects.toMatchObject({
      code: "invalid_grant",
    });
    expect(await authenticateAccessToken(untouched.tokens.access_token)).toMatchObject({
      sessionId: untouched.familyId,
    });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "token.revoked" } })).toBe(2);
  });
});

describe("authenticating an access token", () => {
  it("sees a revocation at once, also through the database while Redis is down", async () => {
    const user = await insertUser();
    const live = await startTokenFamily(user.id, TEST_META);
    const revoked = await startTokenFamily(user.id, TEST_META);
    redis.disconnect();
    await signOut(revoked.familyId);
    expect(await authenticateAccessToken(live.tokens.access_token)).toMatchObject({ sessionId: live.familyId });
    expect(await authenticateAccessToken(revoked.tokens.access_token)).toBeNull();
  });

  it("records when a family was last used, without moving its expiry", async () => {
    const user = await insertUser();
    const { familyId, tokens } = await startTokenFamily(user.id, TEST_META);
    const before = await db.session.findUniqueOrThrow({ where: { id: familyId } });
    const later = Date.now() + 10 * 60_000;
    vi.useFakeTimers({ toFake: ["Date"], now: later });
    expect(await authenticateAccessToken(tokens.access_token)).not.toBeNull();
    const after = await db.session.findUniqueOrThrow({ where: { id: familyId } });
    expect(after.lastSeenAt).toEqual(new Date(later));
    expect(after.expires).toEqual(before.expires);
  });

  it("refuses a token of another user's family and a family whose row says browser", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const { familyId, tokens } = await startTokenFamily(user.id, TEST_META);
    await db.session.update({ where: { id: familyId }, data: { userId: other.id } });
    await redis.del(`session:${familyTokenHash(familyId)}`);
    expect(await authenticateAccessToken(tokens.access_token)).toBeNull();
    await db.session.update({ where: { id: familyId }, data: { userId: user.id, kind: "BROWSER" } });
    await redis.del(`session:${familyTokenHash(familyId)}`);
    expect(await authenticateAccessToken(tokens.access_token)).toBeNull();
  });
});
