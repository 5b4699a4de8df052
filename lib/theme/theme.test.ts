import { describe, expect, it } from "vitest";
import { contrastRatio } from "./contrast";
import { SURFACES, brandPalette, parseThemePreference, themeClass, themeStylesheet, themeStylesheetVersion } from ".";
import { themeCookie, themeReturnPath } from "./preference";

describe("theme preference", () => {
  it("reads system, light or dark from the cookie; anything else is system", () => {
    expect(parseThemePreference("light")).toBe("light");
    expect(parseThemePreference("dark")).toBe("dark");
    expect(parseThemePreference("system")).toBe("system");
    for (const value of [undefined, null, "", "DARK", "blue", ["dark"]])
      expect(parseThemePreference(value)).toBe("system");
  });

  it("marks <html> only when the visitor overrides the system's choice", () => {
    expect(themeClass("system")).toBeUndefined();
    expect(themeClass("dark")).toBe("dark");
    expect(themeClass("light")).toBe("light");
  });

  it("keeps the choice a year, for the whole site, Secure over https", () => {
    expect(themeCookie("dark", false)).toBe("theme=dark; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(themeCookie("light", true)).toMatch(/; Secure$/);
  });
});

describe("brand palette", () => {
  const surfaces = (theme: "light" | "dark") =>
    Object.values(SURFACES[theme]).filter((c) => c !== SURFACES[theme].foreground);

  it("keeps the default blue as it is in the light theme and lightens it for the dark one", () => {
    const palette = brandPalette("#2952cc");
    expect(palette.light).toEqual({ brand: "#2952cc", foreground: "#ffffff" });
    expect(palette.dark.brand).not.toBe("#2952cc");
  });

  for (const color of ["#2952cc", "#ffcc00", "#000000", "#ffffff", "#10b981", "#e11d48"]) {
    it(`gives AA contrast for ${color} as text on every surface and behind its button text, in both themes`, () => {
      const palette = brandPalette(color);
      for (const theme of ["light", "dark"] as const) {
        for (const surface of surfaces(theme))
          expect(contrastRatio(palette[theme].brand, surface)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(palette[theme].brand, palette[theme].foreground)).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it("serves the palette as CSS variables, versioned by content", () => {
    const css = themeStylesheet("#2952cc");
    expect(css).toContain("--brand-light: #2952cc;");
    expect(css).toMatch(/--brand-dark: #[0-9a-f]{6};/);
    expect(themeStylesheetVersion("#2952cc")).toBe(themeStylesheetVersion("#2952cc"));
    expect(themeStylesheetVersion("#2952cc")).not.toBe(themeStylesheetVersion("#aa3300"));
  });
});

describe("theme form post: where it goes back to", () => {
  const safe = (path: string) => (path.startsWith("//") ? "/" : path);
  it("goes back to the page of ours it came from, query included", () => {
    expect(themeReturnPath("http://localhost:3000/admin/users?page=2", "http://localhost:3000", safe)).toBe(
      "/admin/users?page=2",
    );
  });

  it("goes home without a Referer, with another site's, or with a malformed one", () => {
    expect(themeReturnPath(null, "http://localhost:3000", safe)).toBe("/");
    expect(themeReturnPath("https://evil.example/x", "http://localhost:3000", safe)).toBe("/");
    expect(themeReturnPath("not a url", "http://localhost:3000", safe)).toBe("/");
  });
});
