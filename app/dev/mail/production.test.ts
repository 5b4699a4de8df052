import { describe, expect, it } from "vitest";

// The configuration is read once per test file: this file runs it as production.
Object.assign(process.env, { NODE_ENV: "production" });
process.env.AUTH_SECRET = "production-test-secret-production-test-secret";
process.env.PASSWORD_PEPPER = "production-test-pepper-production-test-pepper";
process.env.RESEND_API_KEY = "re_production_test";
// Production refuses a bcrypt cost below 10 (vitest.config.ts runs the suite at 4).
process.env.BCRYPT_COST = "10";

const isNotFound = (error: unknown) => String((error as { digest?: string }).digest ?? "").includes("404");

describe("development mailbox in production", () => {
  it("does not exist: every page and the preview route answer 404", async () => {
    const { deriveDevJwk } = await import("@/lib/config/dev-keys");
    process.env.JWE_PRIVATE_JWKS = JSON.stringify([deriveDevJwk("production-test")]);
    const { config } = await import("@/lib/config");
    expect(config.isProduction).toBe(true);

    const list = await import("./page");
    await expect(list.default({ searchParams: Promise.resolve({}) })).rejects.toSatisfy(isNotFound);
    const detail = await import("./[id]/page");
    await expect(detail.default({ params: Promise.resolve({ id: "x" }) })).rejects.toSatisfy(isNotFound);
    const layout = await import("./layout");
    expect(() => layout.default({ children: null })).toThrow();
    const layoutError = (() => {
      try {
        layout.default({ children: null });
      } catch (error) {
        return error;
      }
    })();
    expect(layoutError).toSatisfy(isNotFound);

    const preview = await import("./preview/[template]/route");
    const response = await preview.GET(new Request("http://localhost/dev/mail/preview/activation"), {
      params: Promise.resolve({ template: "activation" }),
    });
    expect(response.status).toBe(404);
  });
});
