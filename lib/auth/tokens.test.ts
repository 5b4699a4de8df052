import { describe, expect, it } from "vitest";
import { db, TokenPurpose } from "../db";
import { insertUser } from "../testing/fixtures";
import { consumeActionToken, invalidateActionTokens, issueActionToken, peekActionToken, sha256 } from "./tokens";

const issue = (userId: string, purpose: TokenPurpose = TokenPurpose.PASSWORD_RESET) =>
  db.$transaction((tx) => issueActionToken(tx, userId, purpose));
const consume = (token: string, purpose: TokenPurpose = TokenPurpose.PASSWORD_RESET) =>
  db.$transaction((tx) => consumeActionToken(tx, token, purpose));
const liveCount = (userId: string, purpose: TokenPurpose) =>
  db.actionToken.count({ where: { userId, purpose, usedAt: null } });

describe("one-time action tokens", () => {
  it("stores only the SHA-256 of the token, with the purpose's lifetime", async () => {
    const user = await insertUser();
    const { token, expiresAt } = await issue(user.id);
    const row = await db.actionToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt).toEqual(expiresAt);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3600 * 1000);
  });

  it("keeps one live token per user and purpose, even when ten are issued at once", async () => {
    const user = await insertUser();
    const issued = await Promise.all(Array.from({ length: 10 }, () => issue(user.id)));
    expect(await liveCount(user.id, TokenPurpose.PASSWORD_RESET)).toBe(1);
    const usable = await Promise.all(issued.map(({ token }) => peekActionToken(token, TokenPurpose.PASSWORD_RESET)));
    expect(usable.filter(Boolean)).toHaveLength(1);
    // Another purpose has its own live token.
    await issue(user.id, TokenPurpose.ACCOUNT_UNLOCK);
    expect(await liveCount(user.id, TokenPurpose.PASSWORD_RESET)).toBe(1);
    expect(await liveCount(user.id, TokenPurpose.ACCOUNT_UNLOCK)).toBe(1);
  });

  it("the database itself refuses a second live token of one purpose", async () => {
    const user = await insertUser();
    await issue(user.id);
    await expect(
      db.actionToken.create({
        data: {
          userId: user.id,
          purpose: TokenPurpose.PASSWORD_RESET,
          tokenHash: sha256("sneaked-in"),
          liveKey: `${user.id}:${TokenPurpose.PASSWORD_RESET}`,
          expiresAt: new Date(Date.now() + 60_000),
        },
      }),
    ).rejects.toThrow();
  });

  it("is used once: concurrent redemptions yield the user once; other purposes, expired and voided tokens never", async () => {
    const user = await insertUser();
    const { token } = await issue(user.id);
    expect(await consume(token, TokenPurpose.ACTIVATION)).toBeNull();
    const results = await Promise.all(Array.from({ length: 5 }, () => consume(token)));
    expect(results.filter((r) => r === user.id)).toHaveLength(1);
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toBeNull();

    const expired = await issue(user.id);
    await db.actionToken.update({
      where: { tokenHash: sha256(expired.token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await peekActionToken(expired.token, TokenPurpose.PASSWORD_RESET)).toBeNull();
    expect(await consume(expired.token)).toBeNull();

    const voided = await issue(user.id);
    await invalidateActionTokens(db, user.id, [TokenPurpose.PASSWORD_RESET]);
    expect(await consume(voided.token)).toBeNull();
    expect(await consume("not-a-token-at-all")).toBeNull();
  });

  it("peeking does not use a token up", async () => {
    const user = await insertUser();
    const { token } = await issue(user.id);
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toMatchObject({ userId: user.id });
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toMatchObject({ userId: user.id });
    expect(await peekActionToken(token, TokenPurpose.ACTIVATION)).toBeNull();
    expect(await consume(token)).toBe(user.id);
  });
});
