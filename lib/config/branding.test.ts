import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from ".";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration: branding", () => {
  it("defaults to Authcore in its blue, without a logo", () => {
    expect(loadConfig({}).branding).toEqual({ appName: "Authcore", brandColor: "#2952cc", logoUrl: null });
  });

  it("takes a name, a #rrggbb colour (lower-cased) and a logo URL or path", () => {
    expect(loadConfig({ APP_NAME: " Acme ID ", BRAND_COLOR: "#AA3300", LOGO_URL: "/logo.svg" }).branding).toEqual({
      appName: "Acme ID",
      brandColor: "#aa3300",
      logoUrl: "/logo.svg",
    });
    expect(loadConfig({ LOGO_URL: "https://cdn.example.com/logo.png" }).branding.logoUrl).toBe(
      "https://cdn.example.com/logo.png",
    );
    expect(loadConfig({ LOGO_URL: "" }).branding.logoUrl).toBeNull();
  });

  it("refuses a colour that is not #rrggbb and a logo that is neither a URL nor a local path", () => {
    for (const color of ["blue", "#abc", "#12345g", "rgb(0,0,0)"]) {
      expect(problems({ BRAND_COLOR: color })).toEqual(["BRAND_COLOR: must be a #rrggbb colour"]);
    }
    for (const logo of ["logo.svg", "//evil.example/logo.svg", "javascript:alert(1)", "data:image/png;base64,AA"]) {
      expect(problems({ LOGO_URL: logo })).toEqual(["LOGO_URL: must be an http(s) URL or a path starting with /"]);
    }
    expect(problems({ APP_NAME: "   " })).toHaveLength(1);
  });
});
