import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { appErrorFrom } from "../../testing/app-error";
import { insertUser, TEST_META } from "../../testing/fixtures";
import { sha256 } from "../tokens";
import {
  CHALLENGE_TTL_SECONDS,
  claimChallenge,
  MAX_LIVE_CHALLENGES,
  peekChallenge,
  restoreChallenge,
  startChallenge,
} from "./challenge";

async function expire(token: string) {
  await db.signInChallenge.update({
    where: { tokenHash: sha256(token) },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
}

describe("sign-in challenges", () => {
  it("hands out 256 random bits, keeps only their hash, for 5 minutes, audited", async () => {
    const user = await insertUser();
    const before = Date.now();
    const token = await startChallenge(user.id, "BROWSER", "password", TEST_META);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.signInChallenge.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ kind: "BROWSER", method: "password" });
    expect(row.expiresAt.getTime() - before).toBeGreaterThanOrEqual(CHALLENGE_TTL_SECONDS * 1000 - 50);
    expect(row.expiresAt.getTime() - before).toBeLessThanOrEqual(CHALLENGE_TTL_SECONDS * 1000 + 2000);
    const event = await db.auditEvent.findFirst({ where: { userId: user.id, type: "mfa.challenge_started" } });
    expect(event?.data).toEqual({ kind: "browser", method: "password" });
  });

  it("is claimed once: the second claim of the same token is refused", async () => {
    const user = await insertUser();
    const token = await startChallenge(user.id, "TOKEN", "password", TEST_META);
    const claimed = await claimChallenge(token, "TOKEN");
    expect(claimed).toMatchObject({ userId: user.id, kind: "TOKEN", method: "password" });
    expect(await appErrorFrom(claimChallenge(token, "TOKEN"))).toMatchObject({ code: "invalid_token", status: 400 });
    expect(await peekChallenge(token, "TOKEN")).toBeNull();
  });

  it("of concurrent claims of one token, exactly one wins", async () => {
    const user = await insertUser();
    const token = await startChallenge(user.id, "BROWSER", "google", TEST_META);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => claimChallenge(token, "BROWSER")));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "invalid_token" });
    }
  });

  it("refuses the other kind without using the challenge up", async () => {
    const user = await insertUser();
    const browser = await startChallenge(user.id, "BROWSER", "password", TEST_META);
    const api = await startChallenge(user.id, "TOKEN", "password", TEST_META);
    expect(await appErrorFrom(claimChallenge(browser, "TOKEN"))).toMatchObject({ code: "invalid_token" });
    expect(await appErrorFrom(claimChallenge(api, "BROWSER"))).toMatchObject({ code: "invalid_token" });
    expect(await peekChallenge(browser, "TOKEN")).toBeNull();
    expect(await claimChallenge(browser, "BROWSER")).toMatchObject({ userId: user.id });
    expect(await claimChallenge(api, "TOKEN")).toMatchObject({ userId: user.id });
  });

  it("refuses an expired challenge, and unknown or empty tokens", async () => {
    const user = await insertUser();
    const token = await startChallenge(user.id, "BROWSER", "password", TEST_META);
    await expire(token);
    expect(await peekChallenge(token, "BROWSER")).toBeNull();
    expect(await appErrorFrom(claimChallenge(token, "BROWSER"))).toMatchObject({ code: "invalid_token" });
    for (const bad of ["", "x".repeat(43), undefined as unknown as string]) {
      expect(await peekChallenge(bad, "BROWSER")).toBeNull();
      expect(await appErrorFrom(claimChallenge(bad, "BROWSER"))).toMatchObject({ code: "invalid_token" });
    }
  });

  it("shows a live challenge to the second-step page without using it", async () => {
    const user = await insertUser();
    const token = await startChallenge(user.id, "BROWSER", "google", TEST_META);
    expect(await peekChallenge(token, "BROWSER")).toMatchObject({ userId: user.id, method: "google" });
    expect(await peekChallenge(token, "BROWSER")).toMatchObject({ userId: user.id });
    expect(await claimChallenge(token, "BROWSER")).toMatchObject({ userId: user.id });
  });

  it("is given back after a wrong factor with its original expiry, and not once it has expired", async () => {
    const user = await insertUser();
    const token = await startChallenge(user.id, "BROWSER", "password", TEST_META);
    const claimed = await claimChallenge(token, "BROWSER");
    await restoreChallenge(claimed);
    const again = await claimChallenge(token, "BROWSER");
    expect(again.expiresAt.getTime()).toBe(claimed.expiresAt.getTime());
    await restoreChallenge({ ...again, expiresAt: new Date(Date.now() - 1) });
    expect(await peekChallenge(token, "BROWSER")).toBeNull();
  });

  it("keeps at most a few live challenges per account, dropping the oldest and the expired", async () => {
    const user = await insertUser();
    const tokens: string[] = [];
    for (let i = 0; i < MAX_LIVE_CHALLENGES + 2; i++) {
      tokens.push(await startChallenge(user.id, "BROWSER", "password", TEST_META));
    }
    expect(await db.signInChallenge.count({ where: { userId: user.id } })).toBe(MAX_LIVE_CHALLENGES);
    expect(await peekChallenge(tokens[0]!, "BROWSER")).toBeNull();
    expect(await peekChallenge(tokens.at(-1)!, "BROWSER")).not.toBeNull();
    const other = await insertUser();
    const stale = await startChallenge(other.id, "TOKEN", "password", TEST_META);
    await expire(stale);
    await startChallenge(other.id, "TOKEN", "password", TEST_META);
    expect(await db.signInChallenge.count({ where: { userId: other.id } })).toBe(1);
  });
});
