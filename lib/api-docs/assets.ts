import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { INIT_SCRIPT } from "./init-script";

/** The URL folder the assets route (app/docs/assets/[file]) answers under. */
export const DOCS_ASSETS_PATH = "/docs/assets";

const JAVASCRIPT = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** What a versioned asset URL may be cached for: a year, never revalidated. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** An unversioned or stale-versioned URL: the content behind it changes with the next upgrade. */
export const REVALIDATE = "no-cache";

type DocsAsset = {
  contentType: string;
  /** The `v` its URL carries: the swagger-ui-dist version, or a hash of our own script. */
  version: () => Promise<string>;
  body: () => Promise<Uint8Array<ArrayBuffer>>;
};

let packageFolder: Promise<{ folder: string; version: string }> | undefined;

/** The installed swagger-ui-dist: its folder and version, read once. */
function swaggerUiDist(): Promise<{ folder: string; version: string }> {
  packageFolder ??= (async () => {
    // Resolved by Node at run time from node_modules: left to Turbopack, `require.resolve` became
    // a module id (a number) in the server bundle.
    const manifest = createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ "swagger-ui-dist/package.json");
    const { version } = JSON.parse(await readFile(manifest, "utf8")) as { version: string };
    return { folder: path.dirname(manifest), version };
  })();
  return packageFolder;
}

const fileCache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

function packageFile(name: string): DocsAsset["body"] {
  return () => {
    let body = fileCache.get(name);
    if (!body) {
      body = swaggerUiDist().then(({ folder }) => readFile(path.join(folder, name)));
      // A failed read is not remembered: the next request tries again.
      body.catch(() => fileCache.delete(name));
      fileCache.set(name, body);
    }
    return body;
  };
}

const initScript = new TextEncoder().encode(INIT_SCRIPT);
const initScriptVersion = createHash("sha256").update(initScript).digest("hex").slice(0, 16);

/**
 * The only files the route serves, by the exact name in its URL. A Map, not an object literal:
 * `constructor` or `__proto__` must find nothing, and no name is ever joined to a path unchecked.
 */
const ASSETS = new Map<string, DocsAsset>([
  [
    "swagger-ui-bundle.js",
    {
      contentType: JAVASCRIPT,
      version: async () => (await swaggerUiDist()).version,
      body: packageFile("swagger-ui-bundle.js"),
    },
  ],
  [
    "swagger-ui.css",
    { contentType: CSS, version: async () => (await swaggerUiDist()).version, body: packageFile("swagger-ui.css") },
  ],
  [
    "api-reference.js",
    { contentType: JAVASCRIPT, version: async () => initScriptVersion, body: async () => initScript },
  ],
]);

export type DocsAssetName = "swagger-ui-bundle.js" | "swagger-ui.css" | "api-reference.js";

/** The URL of an asset with its version in the query, so an upgrade changes the URL. */
export async function docsAssetUrl(name: DocsAssetName): Promise<string> {
  const version = await ASSETS.get(name)!.version();
  return `${DOCS_ASSETS_PATH}/${name}?v=${encodeURIComponent(version)}`;
}

export type DocsAssetResponse = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> };

/**
 * One allow-listed asset, or null for any other name. Cached for a year only when the URL names
 * the version being served; an old or missing `v` (a page from before an upgrade) revalidates, so
 * a browser never keeps new content under an old URL or the reverse.
 */
export async function readDocsAsset(name: string, requestedVersion: string | null): Promise<DocsAssetResponse | null> {
  const asset = ASSETS.get(name);
  if (!asset) return null;
  const [body, version] = await Promise.all([asset.body(), asset.version()]);
  return {
    body,
    headers: {
      "content-type": asset.contentType,
      "cache-control": requestedVersion === version ? IMMUTABLE : REVALIDATE,
    },
  };
}
