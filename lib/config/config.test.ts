import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type EnvSource } from ".";

function problemsOf(env: EnvSource): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

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
