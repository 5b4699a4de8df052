import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type EnvSource } from ".";

function problemsOf(env: EnvSource): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("\n");
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("branding configuration", () => {
  it("defaults to the product's own name and colour, and no logo (emails then show the name)", () => {
    expect(loadConfig({}).brand).toEqual({ name: "Authcore", color: "#2952cc", logoUrl: null });
  });

  it("takes a name, a #rrggbb colour and a logo path resolved on APP_URL or an https URL", () => {
    const env = { APP_URL: "https://id.example.com", APP_NAME: "Acme ID", BRAND_COLOR: "#FFCC00" };
    expect(loadConfig({ ...env, LOGO_URL: "/brand/logo.png" }).brand).toEqual({
      name: "Acme ID",
      color: "#ffcc00",
      logoUrl: "https://id.example.com/brand/logo.png",
    });
    expect(loadConfig({ ...env, LOGO_URL: "https://cdn.example.net/acme.png" }).brand.logoUrl).toBe(
      "https://cdn.example.net/acme.png",
    );
  });

  it("refuses a colour that is not #rrggbb and a logo that is neither https nor a path on APP_URL", () => {
    for (const color of ["red", "#fff", "#12345g", "2952cc"]) {
      expect(problemsOf({ BRAND_COLOR: color })).toMatch(/BRAND_COLOR: must be a #rrggbb colour/);
    }
    for (const logo of ["http://cdn.example.net/a.png", "//evil.example/a.png", "/\\evil.example/a.png", "logo.png"]) {
      expect(problemsOf({ LOGO_URL: logo })).toMatch(/LOGO_URL: must be an https URL or a path on APP_URL/);
    }
    expect(problemsOf({ APP_NAME: "   " })).toMatch(/APP_NAME/);
  });
});
