import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { db, TokenPurpose } from "../db";
import { insertUser } from "../testing/fixtures";
import {
  consumeActionToken,
  invalidateActionTokens,
  issueActionToken,
  newOpaqueToken,
  peekActionToken,
  sha256,
  TOKEN_TTL_SECONDS,
} from "./tokens";

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

describe("token values and lifetimes", () => {
  it("gives each purpose the lifetime its email promises", () => {
    expect(TOKEN_TTL_SECONDS).toEqual({
      [TokenPurpose.ACTIVATION]: 48 * 3600,
      [TokenPurpose.REGISTRATION_CANCEL]: 48 * 3600,
      [TokenPurpose.PASSWORD_RESET]: 3600,
      [TokenPurpose.ACCOUNT_UNLOCK]: 24 * 3600,
      [TokenPurpose.INVITATION]: 7 * 24 * 3600,
    });
  });

  it("an unlock link expires 24 hours after it is issued", async () => {
    const user = await insertUser();
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now });
    try {
      const { expiresAt } = await issue(user.id, TokenPurpose.ACCOUNT_UNLOCK);
      expect(expiresAt).toEqual(new Date(now + 24 * 3600 * 1000));
    } finally {
      vi.useRealTimers();
    }
  });

  it("hashes with SHA-256 in hex", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("é")).toBe(createHash("sha256").update("é", "utf8").digest("hex"));
  });

  it("issues 256 random bits as 43 base64url characters, never the same twice", () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newOpaqueToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("token life cycle edges", () => {
  it("a newly issued link voids the previous one of the same purpose", async () => {
    const user = await insertUser();
    const first = await issue(user.id);
    const second = await issue(user.id);
    expect(await peekActionToken(first.token, TokenPurpose.PASSWORD_RESET)).toBeNull();
    expect(await consume(first.token)).toBeNull();
    expect(await consume(second.token)).toBe(user.id);
  });

  it("peeking tells who the link is for and until when", async () => {
    const user = await insertUser();
    const { token, expiresAt } = await issue(user.id);
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toEqual({ userId: user.id, expiresAt });
    expect(await peekActionToken("unknown-token", TokenPurpose.PASSWORD_RESET)).toBeNull();
  });

  it("a link is dead from the very moment it expires", async () => {
    const user = await insertUser();
    const { token, expiresAt } = await issue(user.id);
    vi.useFakeTimers({ toFake: ["Date"], now: expiresAt.getTime() - 1 });
    try {
      expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
      vi.setSystemTime(expiresAt);
      expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toBeNull();
      expect(await consume(token)).toBeNull();
      vi.setSystemTime(expiresAt.getTime() - 1);
      expect(await consume(token)).toBe(user.id);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a used link cannot be peeked at, and using it frees the slot for a new one", async () => {
    const user = await insertUser();
    const { token } = await issue(user.id);
    expect(await consume(token)).toBe(user.id);
    expect(await peekActionToken(token, TokenPurpose.PASSWORD_RESET)).toBeNull();
    const row = await db.actionToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(row.usedAt).not.toBeNull();
    expect(row.liveKey).toBeNull();
  });

  it("voiding touches only the given purposes of the given user, and records when", async () => {
    const user = await insertUser();
    const other = await insertUser();
    const reset = await issue(user.id);
    const unlock = await issue(user.id, TokenPurpose.ACCOUNT_UNLOCK);
    const activation = await issue(user.id, TokenPurpose.ACTIVATION);
    const othersReset = await issue(other.id);
    const at = new Date(Date.now() - 5_000);
    await invalidateActionTokens(db, user.id, [TokenPurpose.PASSWORD_RESET, TokenPurpose.ACCOUNT_UNLOCK], at);
    expect(await peekActionToken(reset.token, TokenPurpose.PASSWORD_RESET)).toBeNull();
    expect(await peekActionToken(unlock.token, TokenPurpose.ACCOUNT_UNLOCK)).toBeNull();
    expect(await peekActionToken(activation.token, TokenPurpose.ACTIVATION)).not.toBeNull();
    expect(await peekActionToken(othersReset.token, TokenPurpose.PASSWORD_RESET)).not.toBeNull();
    const voided = await db.actionToken.findUniqueOrThrow({ where: { tokenHash: sha256(reset.token) } });
    expect(voided).toMatchObject({ usedAt: at, liveKey: null });
    // A link used earlier keeps the time it was used.
    const used = await issue(user.id, TokenPurpose.REGISTRATION_CANCEL);
    await consume(used.token, TokenPurpose.REGISTRATION_CANCEL);
    const usedAt = (await db.actionToken.findUniqueOrThrow({ where: { tokenHash: sha256(used.token) } })).usedAt;
    await invalidateActionTokens(db, user.id, [TokenPurpose.REGISTRATION_CANCEL], new Date(0));
    expect((await db.actionToken.findUniqueOrThrow({ where: { tokenHash: sha256(used.token) } })).usedAt).toEqual(
      usedAt,
    );
  });
});
