import { encode } from "@auth/core/jwt";
import { EncryptJWT } from "jose";
import { hkdfSync } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { config } from "../../config";
import { SESSION_COOKIE_NAME, cookieOptions, decodeSessionToken, encodeSessionToken } from "./cookie";

const future = () => Math.floor(Date.now() / 1000) + 3600;

describe("session cookie", () => {
  it("round-trips the claims as a 5-segment JWE", async () => {
    const value = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: future() }, 600);
    expect(value.split(".")).toHaveLength(5);
    expect(await decodeSessionToken(value)).toMatchObject({ sub: "u1", sid: "s1" });
  });

  it("reads cookies written by Auth.js itself (same format)", async () => {
    const value = await encode({
      token: { sub: "u2", sid: "s2", aexp: future() },
      secret: config.auth.secret,
      salt: SESSION_COOKIE_NAME,
    });
    expect(await decodeSessionToken(value)).toMatchObject({ sub: "u2", sid: "s2" });
  });

  it("refuses tampered, foreign, past-absolute-expiry and oversized values", async () => {
    const value = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: future() }, 600);
    expect(await decodeSessionToken(`${value.slice(0, -4)}AAAA`)).toBeNull();
    const foreign = await encode({
      token: { sub: "u1", sid: "s1", aexp: future() },
      secret: "x".repeat(40),
      salt: SESSION_COOKIE_NAME,
    });
    expect(await decodeSessionToken(foreign)).toBeNull();
    const expired = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: Math.floor(Date.now() / 1000) - 1 }, 600);
    expect(await decodeSessionToken(expired)).toBeNull();
    expect(await decodeSessionToken("a".repeat(5000))).toBeNull();
    expect(await decodeSessionToken("not.a.jwe")).toBeNull();
    expect(await decodeSessionToken(undefined)).toBeNull();
  });
});

describe("session cookie lifetime and contents", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is named for Auth.js over http, and set HttpOnly, SameSite=Lax on the whole site", () => {
    expect(SESSION_COOKIE_NAME).toBe("authjs.session-token");
    const expires = new Date(1_800_000_000_000);
    expect(cookieOptions(expires)).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false, expires });
  });

  it("stamps the issue time and an expiry maxAge seconds later, with a unique id and the key's id", async () => {
    const now = 1_800_000_000_000;
    vi.useFakeTimers({ toFake: ["Date"], now });
    const value = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: now / 1000 + 3600 }, 600);
    const again = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: now / 1000 + 3600 }, 600);
    const claims = (await decodeSessionToken(value))!;
    expect(claims).toMatchObject({ iat: now / 1000, exp: now / 1000 + 600 });
    expect((claims as { jti?: string }).jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await decodeSessionToken(again)) as { jti?: string }).not.toMatchObject({
      jti: (claims as { jti?: string }).jti,
    });
    const header = (jwe: string) => JSON.parse(Buffer.from(jwe.split(".")[0]!, "base64url").toString()) as object;
    // The same key id as the cookies Auth.js writes itself.
    const authJs = await encode({ token: { sub: "u1" }, secret: config.auth.secret, salt: SESSION_COOKIE_NAME });
    expect(header(value)).toEqual({ ...header(authJs), alg: "dir", enc: "A256CBC-HS512" });
  });

  it("stays valid 15 seconds past its expiry (clock skew), not longer, also when read again from memory", async () => {
    const now = 1_800_000_000_000;
    vi.useFakeTimers({ toFake: ["Date"], now });
    const fresh = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: now / 1000 + 3600 }, 60);
    const cached = await encodeSessionToken({ sub: "u1", sid: "s2", aexp: now / 1000 + 3600 }, 60);
    expect(await decodeSessionToken(cached)).not.toBeNull();
    vi.setSystemTime(now + 74_000);
    expect(await decodeSessionToken(fresh)).not.toBeNull();
    expect(await decodeSessionToken(cached)).not.toBeNull();
    vi.setSystemTime(now + 75_000);
    expect(await decodeSessionToken(cached)).toBeNull();
    // Once found expired it is forgotten, and stays refused.
    expect(await decodeSessionToken(cached)).toBeNull();
    const late = await encodeSessionToken({ sub: "u1", sid: "s3", aexp: now / 1000 + 3600 }, 60);
    vi.setSystemTime(now + 75_000 + 76_000);
    expect(await decodeSessionToken(late)).toBeNull();
  });

  it("is refused from the second its absolute expiry is reached, also when read again from memory", async () => {
    const now = 1_800_000_000_000;
    vi.useFakeTimers({ toFake: ["Date"], now });
    const value = await encodeSessionToken({ sub: "u1", sid: "s1", aexp: now / 1000 + 30 }, 600);
    expect(await decodeSessionToken(value)).not.toBeNull();
    vi.setSystemTime(now + 29_000);
    expect(await decodeSessionToken(value)).not.toBeNull();
    vi.setSystemTime(now + 30_000);
    expect(await decodeSessionToken(value)).toBeNull();
    const unseen = await encodeSessionToken({ sub: "u1", sid: "s9", aexp: now / 1000 + 30 }, 600);
    expect(await decodeSessionToken(unseen)).toBeNull();
  });

  it("refuses a well-encrypted cookie that lacks the user, the session id or the absolute expiry", async () => {
    const write = (token: Record<string, unknown>) =>
      encode({ token, secret: config.auth.secret, salt: SESSION_COOKIE_NAME });
    expect(await decodeSessionToken(await write({ sid: "s", aexp: future() }))).toBeNull();
    expect(await decodeSessionToken(await write({ sub: "u", aexp: future() }))).toBeNull();
    expect(await decodeSessionToken(await write({ sub: "u", sid: "s" }))).toBeNull();
    expect(await decodeSessionToken(await write({ sub: "u", sid: "s", aexp: String(future()) }))).toBeNull();
    expect(await decodeSessionToken(await write({ sub: 1, sid: "s", aexp: future() }))).toBeNull();
    expect(await decodeSessionToken(await write({ sub: "u", sid: 2, aexp: future() }))).toBeNull();
  });

  it("refuses an empty value", async () => {
    expect(await decodeSessionToken("")).toBeNull();
    expect(await decodeSessionToken(null)).toBeNull();
  });

  it("reads Auth.js's cookies from the first request of a fresh process (the key derivation itself)", async () => {
    vi.resetModules();
    const fresh = await import("./cookie");
    const value = await encode({
      token: { sub: "u3", sid: "s3", aexp: future() },
      secret: config.auth.secret,
      salt: fresh.SESSION_COOKIE_NAME,
    });
    expect(await fresh.decodeSessionToken(value)).toMatchObject({ sub: "u3", sid: "s3" });
  });

  it("refuses a well-formed cookie longer than the 4096 characters a browser keeps", async () => {
    const write = (padding: number) =>
      encode({
        token: { sub: "u", sid: "s", aexp: future(), pad: "x".repeat(padding) },
        secret: config.auth.secret,
        salt: SESSION_COOKIE_NAME,
      });
    const fits = await write(2_000);
    expect(fits.length).toBeLessThanOrEqual(4096);
    expect(await decodeSessionToken(fits)).not.toBeNull();
    const tooLong = await write(3_200);
    expect(tooLong.length).toBeGreaterThan(4096);
    expect(await decodeSessionToken(tooLong)).toBeNull();
  });

  it("a cookie without an expiry of its own is bounded by its absolute expiry alone", async () => {
    // Written with the Auth.js key derivation, but without the `exp` claim Auth.js always adds.
    const salt = SESSION_COOKIE_NAME;
    const key = new Uint8Array(
      hkdfSync("sha256", config.auth.secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64),
    );
    const now = Math.floor(Date.now() / 1000);
    const value = await new EncryptJWT({ sub: "u4", sid: "s4", aexp: now + 60 })
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
      .setIssuedAt(now)
      .encrypt(key);
    expect(await decodeSessionToken(value)).toMatchObject({ sub: "u4", sid: "s4" });
    vi.useFakeTimers({ toFake: ["Date"], now: (now + 60) * 1000 });
    expect(await decodeSessionToken(value)).toBeNull();
  });
});
