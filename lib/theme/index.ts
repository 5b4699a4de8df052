import { createHash } from "node:crypto";
import { bestText, withContrast } from "./contrast";

/** The surfaces text and buttons in the brand colour sit on, per theme (kept in step with app/globals.css). */
export const SURFACES = {
  light: { background: "#f7f7f8", card: "#ffffff", muted: "#eef0f4", foreground: "#16181d" },
  dark: { background: "#0f1115", card: "#181b22", muted: "#232733", foreground: "#e8eaef" },
} as const;

export type BrandPalette = {
  light: { brand: string; foreground: string };
  dark: { brand: string; foreground: string };
};

/**
 * The configured brand colour as each theme uses it: darkened (light theme) or lightened (dark
 * theme) just enough for AA contrast as text on every surface, with the text colour for buttons
 * filled with it.
 */
export function brandPalette(brandColor: string): BrandPalette {
  const palette = (theme: "light" | "dark") => {
    const surface = SURFACES[theme];
    const brand = withContrast(
      brandColor.toLowerCase(),
      [surface.background, surface.card, surface.muted],
      theme === "light" ? "#000000" : "#ffffff",
    );
    return { brand, foreground: bestText(brand, ["#ffffff", SURFACES.dark.background]) };
  };
  return { light: palette("light"), dark: palette("dark") };
}

/** /theme.css: the brand colours as the CSS variables app/globals.css builds the themes from. */
export function themeStylesheet(brandColor: string): string {
  const { light, dark } = brandPalette(brandColor);
  return [
    ":root {",
    `  --brand-light: ${light.brand};`,
    `  --brand-light-fg: ${light.foreground};`,
    `  --brand-dark: ${dark.brand};`,
    `  --brand-dark-fg: ${dark.foreground};`,
    "}",
    "",
  ].join("\n");
}

/** A short fingerprint of the stylesheet, for a URL that can be cached for good. */
export function themeStylesheetVersion(brandColor: string): string {
  return createHash("sha256").update(themeStylesheet(brandColor)).digest("base64url").slice(0, 12);
}

export { THEME_COOKIE, THEME_PREFERENCES, parseThemePreference, themeClass, type ThemePreference } from "./preference";
