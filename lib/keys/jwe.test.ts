import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PrivateJwk } from "../config";
import { decryptWithOwnKeys, encryptToOwnKey, publicJwk } from "./jwe";

function x25519(kid: string): PrivateJwk {
  return { ...generateKeyPairSync("x25519").privateKey.export({ format: "jwk" }), kid } as PrivateJwk;
}

describe("JWE to our own key set", () => {
  it("round-trips through the newest key and names it in the header", async () => {
    const keys = [x25519("new"), x25519("old")];
    const jwe = await encryptToOwnKey("hello", keys);
    const header = JSON.parse(Buffer.from(jwe.split(".")[0]!, "base64url").toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: "ECDH-ES+A256KW", enc: "A256GCM", kid: "new" });
    expect(new TextDecoder().decode((await decryptWithOwnKeys(jwe, keys)).plaintext)).toBe("hello");
  });

  it("keeps keys apart by their material, not only their kid (two sets reusing a kid)", async () => {
    const first = [x25519("k1")];
    const second = [x25519("k1")];
    const toFirst = await encryptToOwnKey("for the first", first);
    const toSecond = await encryptToOwnKey("for the second", second);
    expect(new TextDecoder().decode((await decryptWithOwnKeys(toFirst, first)).plaintext)).toBe("for the first");
    expect(new TextDecoder().decode((await decryptWithOwnKeys(toSecond, second)).plaintext)).toBe("for the second");
    // And one set never opens what was encrypted to the other's key of the same name.
    await expect(decryptWithOwnKeys(toSecond, first)).rejects.toThrow();
  });

  it("publishes only the public half, with use and the key's one algorithm", () => {
    const rsa = {
      ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
      kid: "r",
    } as PrivateJwk;
    const published = publicJwk(rsa);
    expect(published).toMatchObject({ kty: "RSA", kid: "r", use: "enc", alg: "RSA-OAEP-256" });
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(published).not.toHaveProperty(secret);
  });
});
