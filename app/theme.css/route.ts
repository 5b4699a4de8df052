import { config } from "@/lib/config";
import { themeStylesheet, themeStylesheetVersion } from "@/lib/theme";

// Read at request time: the brand colour is runtime configuration, not a build input.
export const dynamic = "force-dynamic";

/**
 * The brand colour as CSS variables (decision 090): a stylesheet from our own origin, which the
 * CSP allows, rather than an inline style. The root layout links it with its version; that URL is
 * cached for good, any other for a minute.
 */
export function GET(request: Request): Response {
  const brandColor = config.brand.color;
  const current = new URL(request.url).searchParams.get("v") === themeStylesheetVersion(brandColor);
  return new Response(themeStylesheet(brandColor), {
    headers: {
      "content-type": "text/css; charset=utf-8",
      "cache-control": current ? "public, max-age=31536000, immutable" : "public, max-age=60",
    },
  });
}
