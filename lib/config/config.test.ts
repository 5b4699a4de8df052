import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from ".";
import { configProblems } from "./test-support";

const problemsOf = configProblems;

describe("configuration", () => {
  it("works with no variables at all in development, on the standard local ports", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe("postgresql://postgres@127.0.0.1:5432/authcore");
    expect(config.redis.url).toBe("redis://127.0.0.1:6379/0");
    expect(config.rabbitmqUrl).toBe("amqp://guest:guest@127.0.0.1:5672/%2F");
    expect(config.appUrl).toBe("http://localhost:3000");
    expect(config.rateLimit).toEqual({ anonPerMinute: 20, userPerMinute: 50, upstash: null });
    expect(config.auth.bcryptCost).toBe(12);
    expect(config.jwks).toHaveLength(1);
    expect(config.email.useDevMailbox).toBe(true);
    expect(config.warnings.join(" ")).toMatch(/AUTH_SECRET/);
  });

  it("derives the same development keys in every process", () => {
    expect(loadConfig({}).jwks).toEqual(loadConfig({}).jwks);
    expect(loadConfig({}).auth.secret).toBe(loadConfig({}).auth.secret);
  });

  it("names every bad variable in one error", () => {
    const problems = problemsOf({
      DATABASE_URL: "mysql://nope",
      BCRYPT_COST: "99",
      PORT: "eighty",
      APP_URL: "not a url",
      JWE_PRIVATE_JWKS: "{",
    });
    const text = problems.join("\n");
    for (const name of ["DATABASE_URL", "BCRYPT_COST", "PORT", "APP_URL"]) expect(text).toContain(name);
  });

  it("checks the shape of JOB_SCHEDULES with the other variables", () => {
    expect(problemsOf({ JOB_SCHEDULES: "purge-sessions" }).join()).toMatch(/JOB_SCHEDULES: must be name=cron/);
    expect(
      loadConfig({ JOB_SCHEDULES: "purge-sessions=0 * * * *; refresh-role-cache=*/5 * * * * *" }).jobSchedules,
    ).toContain("purge-sessions");
  });

  it("reports a malformed key set", () => {
    expect(problemsOf({ JWE_PRIVATE_JWKS: "{" }).join()).toMatch(/JWE_PRIVATE_JWKS: is not valid JSON/);
    expect(problemsOf({ JWE_PRIVATE_JWKS: "[]" }).join()).toMatch(/JWE_PRIVATE_JWKS/);
  });

  it("refuses to start in production without secrets and real keys", () => {
    const text = problemsOf({ NODE_ENV: "production" }).join("\n");
    expect(text).toMatch(/AUTH_SECRET: required in production/);
    expect(text).toMatch(/PASSWORD_PEPPER: required in production/);
    expect(text).toMatch(/JWE_PRIVATE_JWKS: required in production/);
    expect(text).toMatch(/RESEND_API_KEY/);
  });

  it("lets `next build` run without runtime secrets", () => {
    expect(() => loadConfig({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("requires both Google credentials or neither", () => {
    expect(problemsOf({ AUTH_GOOGLE_ID: "id" }).join()).toMatch(/AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET/);
    expect(loadConfig({ AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "s" }).google?.issuer).toBe(
      "https://accounts.google.com",
    );
  });

  it("honours the Redis database index and https cookies", () => {
    const config = loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/5", APP_URL: "https://auth.example.com/" });
    expect(config.redis.url).toBe("redis://127.0.0.1:6379/5");
    expect(config.appUrl).toBe("https://auth.example.com");
    expect(config.secureCookies).toBe(true);
  });
});

describe("configuration: key set, production passwords, TLS and readiness", () => {
  const jwk = (type: "x25519" | "ed25519" | "rsa" | "rsa-small" | "ec" | "secp256k1", kid: string, alg?: string) => {
    const { privateKey } =
      type === "rsa" || type === "rsa-small"
        ? generateKeyPairSync("rsa", { modulusLength: type === "rsa" ? 2048 : 1024 })
        : type === "ec" || type === "secp256k1"
          ? generateKeyPairSync("ec", { namedCurve: type === "ec" ? "P-384" : "secp256k1" })
          : type === "ed25519"
            ? generateKeyPairSync("ed25519")
            : generateKeyPairSync("x25519");
    return { ...privateKey.export({ format: "jwk" }), kid, ...(alg ? { alg } : {}) };
  };
  const jwksProblem = (keys: unknown[]) => problemsOf({ JWE_PRIVATE_JWKS: JSON.stringify(keys) }).join("\n");

  it("accepts X25519, NIST-curve and RSA keys, each with its one algorithm", () => {
    const keys = [jwk("x25519", "a"), jwk("ec", "b", "ECDH-ES+A256KW"), jwk("rsa", "c", "RSA-OAEP-256")];
    expect(loadConfig({ JWE_PRIVATE_JWKS: JSON.stringify(keys) }).jwks.map((k) => k.kid)).toEqual(["a", "b", "c"]);
  });

  it("refuses at startup a key that would only fail when first used", () => {
    expect(jwksProblem([jwk("rsa", "r", "ECDH-ES+A256KW")])).toMatch(/key r: RSA keys must use RSA-OAEP-256/);
    expect(jwksProblem([jwk("x25519", "x", "RSA-OAEP-256")])).toMatch(/key x: OKP keys must use ECDH-ES\+A256KW/);
    expect(jwksProblem([jwk("ed25519", "sig")])).toMatch(/key sig: an OKP key must be X25519/);
    expect(jwksProblem([jwk("secp256k1", "k1")])).toMatch(/key k1: an EC key must be on P-256, P-384 or P-521/);
    expect(jwksProblem([jwk("rsa-small", "small")])).toMatch(/key small: an RSA key must have at least 2048 bits/);
    expect(jwksProblem([{ ...jwk("x25519", "broken"), d: "AAAA" }])).toMatch(/key broken: not a valid private key/);
    // The published public half would not be this key's: clients would encrypt to a key we cannot use.
    const other = jwk("x25519", "other");
    expect(jwksProblem([{ ...jwk("x25519", "swapped"), x: other.x }])).toMatch(
      /key swapped: its public members do not match its private key/,
    );
    expect(jwksProblem([jwk("x25519", "same"), jwk("ec", "same")])).toMatch(/kid used by more than one key: same/);
    expect(jwksProblem([{ kty: "oct", k: "c2VjcmV0", kid: "sym", d: "x" }])).toMatch(/JWE_PRIVATE_JWKS/);
  });

  const production = {
    NODE_ENV: "production",
    AUTH_SECRET: "a".repeat(40),
    PASSWORD_PEPPER: "p".repeat(40),
    JWE_PRIVATE_JWKS: JSON.stringify([jwk("x25519", "prod")]),
    RESEND_API_KEY: "re_test",
  } as const;

  it("refuses a bcrypt cost below 10 in production, and allows it elsewhere", () => {
    expect(problemsOf({ ...production, BCRYPT_COST: "9" }).join()).toMatch(
      /BCRYPT_COST: must be at least 10 in production/,
    );
    expect(loadConfig({ ...production, BCRYPT_COST: "10" }).auth.bcryptCost).toBe(10);
    expect(loadConfig({ BCRYPT_COST: "4" }).auth.bcryptCost).toBe(4);
  });

  it("refuses in production an ADMIN_PASSWORD the password policy refuses, without echoing it", () => {
    const admin = { ...production, ADMIN_EMAIL: "root@example.com" };
    for (const weak of ["password1", "short", "root@example.com-2024!", "Xr7-root-Kq2!vB"]) {
      const text = problemsOf({ ...admin, ADMIN_PASSWORD: weak }).join("\n");
      expect(text, weak).toMatch(/ADMIN_PASSWORD: fails the password policy/);
      expect(text, weak).not.toContain(weak);
    }
    expect(loadConfig({ ...admin, ADMIN_PASSWORD: "Quiet-Lantern-7f3a-Meadow" }).admin?.email).toBe("root@example.com");
    // Development keeps working with a throwaway password.
    expect(loadConfig({ ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "password1" }).admin).not.toBeNull();
  });

  it("needs both TLS files or neither, readable, and an https APP_URL with them", () => {
    const dir = mkdtempSync(join(tmpdir(), "authcore-tls-"));
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    writeFileSync(cert, "cert");
    writeFileSync(key, "key");
    try {
      expect(loadConfig({}).tls).toBeNull();
      expect(problemsOf({ TLS_CERT_FILE: cert }).join()).toMatch(/TLS_CERT_FILE and TLS_KEY_FILE: set both or neither/);
      expect(problemsOf({ TLS_KEY_FILE: key }).join()).toMatch(/TLS_CERT_FILE and TLS_KEY_FILE: set both or neither/);
      const missing = join(dir, "missing.pem");
      expect(
        problemsOf({ TLS_CERT_FILE: missing, TLS_KEY_FILE: key, APP_URL: "https://localhost:3000" }).join(),
      ).toMatch(/TLS_CERT_FILE: .*missing\.pem is not a readable file/);
      expect(problemsOf({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }).join()).toMatch(/APP_URL: must be an https URL/);
      expect(loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key, APP_URL: "https://localhost:3000" }).tls).toEqual({
        certFile: cert,
        keyFile: key,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes an optional cap on waiting password checks", () => {
    expect(loadConfig({}).auth.bcryptMaxQueue).toBeUndefined();
    expect(loadConfig({ BCRYPT_MAX_QUEUE: "" }).auth.bcryptMaxQueue).toBeUndefined();
    expect(loadConfig({ BCRYPT_MAX_QUEUE: "40" }).auth.bcryptMaxQueue).toBe(40);
    expect(problemsOf({ BCRYPT_MAX_QUEUE: "0" }).join()).toMatch(/BCRYPT_MAX_QUEUE/);
  });

  it("takes a readiness token of 32+ characters", () => {
    expect(loadConfig({}).readinessToken).toBeUndefined();
    expect(problemsOf({ READINESS_TOKEN: "short" }).join()).toMatch(/READINESS_TOKEN: must be at least 32 characters/);
    expect(loadConfig({ READINESS_TOKEN: "t".repeat(32) }).readinessToken).toBe("t".repeat(32));
  });
});
