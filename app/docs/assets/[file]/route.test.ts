import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { docsAssetUrl } from "@/lib/api-docs/assets";
import { GET } from "./route";

const manifest = createRequire(import.meta.url).resolve("swagger-ui-dist/package.json");
const installed = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
const packageFile = (name: string) => readFileSync(path.join(path.dirname(manifest), name));

function get(file: string, query = "") {
  return GET(new Request(`http://localhost/docs/assets/${encodeURIComponent(file)}${query}`), {
    params: Promise.resolve({ file }),
  });
}

/** Fetches an asset the way the page links it: by the URL docsAssetUrl gives. */
async function getLinked(name: Parameters<typeof docsAssetUrl>[0]) {
  const url = new URL(await docsAssetUrl(name), "http://localhost");
  return get(name, url.search);
}

describe("GET /docs/assets/[file]", () => {
  it("serves Swagger UI's bundle and stylesheet from the installed package, with their content types", async () => {
    const bundle = await getLinked("swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(Buffer.from(await bundle.arrayBuffer()).equals(packageFile("swagger-ui-bundle.js"))).toBe(true);

    const stylesheet = await getLinked("swagger-ui.css");
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(Buffer.from(await stylesheet.arrayBuffer()).equals(packageFile("swagger-ui.css"))).toBe(true);
  });

  it("serves the script that starts Swagger UI on our document, with no validator and with cookies", async () => {
    const response = await getLinked("api-reference.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const script = await response.text();
    expect(script).toContain("SwaggerUIBundle({");
    expect(script).toContain('url: "/api/v1/openapi.json"');
    expect(script).toContain("validatorUrl: null");
    expect(script).toContain("withCredentials: true");
    expect(() => new Function(script)).not.toThrow();
  });

  it("links each asset with its version, and caches it for a year only under that version", async () => {
    expect(await docsAssetUrl("swagger-ui-bundle.js")).toBe(`/docs/assets/swagger-ui-bundle.js?v=${installed.version}`);
    expect(await docsAssetUrl("swagger-ui.css")).toBe(`/docs/assets/swagger-ui.css?v=${installed.version}`);
    expect(await docsAssetUrl("api-reference.js")).toMatch(/^\/docs\/assets\/api-reference\.js\?v=[0-9a-f]{16}$/);
    for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "api-reference.js"] as const) {
      expect((await getLinked(name)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
  });

  it("does not cache a URL without the version, or with another one, as immutable", async () => {
    for (const query of ["", "?v=", "?v=4.0.0", `?v=${installed.version}x`]) {
      const response = await get("swagger-ui.css", query);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it.each([
    "../package.json",
    "..%2Fpackage.json",
    "..\\package.json",
    "swagger-ui-dist/package.json",
    "/etc/passwd",
    "package.json",
    "index.html",
    "swagger-initializer.js",
    "swagger-ui-bundle.js.map",
    "swagger-ui.js",
    "SWAGGER-UI.CSS",
    "swagger-ui.css ",
    "constructor",
    "__proto__",
    "",
  ])("answers 404 for %j, a name outside the allow-list", async (file) => {
    const response = await get(file, `?v=${installed.version}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ code: "not_found" });
  });
});
