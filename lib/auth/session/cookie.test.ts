import { encode } from "@auth/core/jwt";
import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { SESSION_COOKIE_NAME, decodeSessionToken, encodeSessionToken } from "./cookie";

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
