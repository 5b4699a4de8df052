import { generateKeyPairSync } from "node:crypto";
import { CompactEncrypt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { config, type PrivateJwk } from "../../config";
import { encryptToOwnKey, publicJwk } from "../../keys/jwe";
import { encodeSessionToken } from "../session/cookie";
import { ACCESS_TOKEN_TTL_SECONDS, decodeAccessToken, issueAccessToken, MAX_ACCESS_TOKEN_LENGTH } from "./access-token";

const key = (kid: string, type: "x25519" | "rsa" = "x25519"): PrivateJwk => {
  const { privateKey } =
    type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("x25519");
  return { ...privateKey.export({ format: "jwk" }), kid } as PrivateJwk;
};

afterEach(() => vi.useRealTimers());

describe("issuing an access token", () => {
  it("is a compact JWE to the newest key, of type at+jwt, carrying the user and the family for 15 minutes", async () => {
    const token = await issueAccessToken("user-1", "family-1");
    expect(token.split(".")).toHaveLength(5);
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ kid: config.jwks[0]!.kid, typ: "at+jwt", cty: "JWT", enc: "A256GCM" });
    expect(["ECDH-ES+A256KW", "RSA-OAEP-256"]).toContain(header.alg);
    const claims = await decodeAccessToken(token);
    expect(claims).toMatchObject({ sub: "user-1", fid: "family-1" });
    expect(claims!.exp - claims!.iat).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it("never puts the claims in the clear", async () => {
    const token = await issueAccessToken("user-secret-id", "family-secret-id");
    expect(Buffer.from(token.replaceAll(".", ""), "base64url").toString("latin1")).not.toContain("user-secret-id");
  });
});

describe("decoding an access token", () => {
  it("accepts a token made with an older key still in the set (rotation)", async () => {
    const older = key("older", "rsa");
    const newer = key("newer");
    const token = await issueAccessToken("u", "f", [older]);
    expect(decodeProtectedHeader(token).kid).toBe("older");
    expect(await decodeAccessToken(token, [newer, older])).toMatchObject({ sub: "u", fid: "f" });
    expect(await decodeAccessToken(await issueAccessToken("u", "f", [key("gone")]), [newer, older])).toBeNull();
  });

  it("refuses a token encrypted to a foreign key with our kid", async () => {
    const foreign = { ...key("x"), kid: config.jwks[0]!.kid };
    expect(await decodeAccessToken(await issueAccessToken("u", "f", [foreign]))).toBeNull();
  });

  it("refuses a token that expired", async () => {
    const token = await issueAccessToken("u", "expired-family");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 10) * 1000 });
    expect(await decodeAccessToken(token)).toBeNull();
  });

  it("forgets an expired token it had verified before", async () => {
    const token = await issueAccessToken("u", "cached-family");
    expect(await decodeAccessToken(token)).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 10) * 1000 });
    expect(await decodeAccessToken(token)).toBeNull();
  });

  it("refuses claims anyone could encrypt to our public key without our signature", async () => {
    // The encryption keys are public: a JWE to them, however well-formed, proves nothing.
    const forged = await encryptToOwnKey(
      await new SignJWT({ fid: "f" })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("victim")
        .setIssuedAt()
        .setExpirationTime("1y")
        .sign(new Uint8Array(32)),
      config.jwks,
      { typ: "at+jwt", cty: "JWT" },
    );
    expect(await decodeAccessToken(forged)).toBeNull();
    const unsigned = await encryptToOwnKey(JSON.stringify({ sub: "victim", fid: "f", exp: 9e9, iat: 1 }), config.jwks, {
      typ: "at+jwt",
    });
    expect(await decodeAccessToken(unsigned)).toBeNull();
  });

  it("refuses a JWE of another type: an encrypted request body, a session cookie", async () => {
    // Our own signed claims, encrypted as a request body would be (no `typ`): not an access token.
    const inner = await decryptInner(await issueAccessToken("u", "f"));
    expect(await decodeAccessToken(await encryptToOwnKey(inner))).toBeNull();
    const cookie = await encodeSessionToken({ sub: "u", sid: "s", aexp: Math.floor(Date.now() / 1000) + 60 }, 60);
    expect(await decodeAccessToken(cookie)).toBeNull();
  });

  it("refuses a tampered header, a tampered ciphertext and malformed or huge values", async () => {
    const token = await issueAccessToken("u", "tampered-family");
    const [header, ...rest] = token.split(".");
    const decoded = JSON.parse(Buffer.from(header!, "base64url").toString());
    const otherHeader = Buffer.from(JSON.stringify({ ...decoded, kid: "someone-else" })).toString("base64url");
    expect(await decodeAccessToken([otherHeader, ...rest].join("."))).toBeNull();
    const typHeader = Buffer.from(JSON.stringify({ ...decoded, typ: "JWT" })).toString("base64url");
    expect(await decodeAccessToken([typHeader, ...rest].join("."))).toBeNull();
    const parts = token.split(".");
    parts[3] = flipFirst(parts[3]!);
    expect(await decodeAccessToken(parts.join("."))).toBeNull();
    for (const junk of ["", "a.b.c.d.e", "not a token", "x".repeat(MAX_ACCESS_TOKEN_LENGTH + 1), "🙂.🙂.🙂.🙂.🙂"])
      expect(await decodeAccessToken(junk)).toBeNull();
  });

  it("refuses an access token whose encryption uses a key-management algorithm we do not accept", async () => {
    const ours = config.jwks[0]!;
    const direct = await new CompactEncrypt(new TextEncoder().encode("{}"))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: ours.kid, typ: "at+jwt" })
      .encrypt(new Uint8Array(32));
    expect(await decodeAccessToken(direct)).toBeNull();
    const pub = await importJWK(publicJwk(ours) as JWK, "ECDH-ES");
    const ecdhDirect = await new CompactEncrypt(new TextEncoder().encode("{}"))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: ours.kid, typ: "at+jwt" })
      .encrypt(pub)
      .catch(() => null);
    if (ecdhDirect) expect(await decodeAccessToken(ecdhDirect)).toBeNull();
  });
});

function flipFirst(segment: string): string {
  return (segment[0] === "A" ? "B" : "A") + segment.slice(1);
}

async function decryptInner(token: string): Promise<string> {
  const { decryptWithOwnKeys } = await import("../../keys/jwe");
  return new TextDecoder().decode((await decryptWithOwnKeys(token)).plaintext);
}
