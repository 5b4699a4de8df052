import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { allowList, documentedMethods, methodTable } from "./allowed-methods";

describe("methodTable", () => {
  const table = methodTable({
    "/api/v1/things": { get: {}, post: {} },
    "/api/v1/things/{id}": { patch: {}, delete: {}, parameters: [], summary: "not a method" },
    "/api/v1/things/{id}/parts/{part}": { put: {} },
    "/api/v1/things/special": { post: {} },
    "/api/v1/doc.json": { get: {} },
  });

  it("lists a path's methods as Next's OPTIONS does: HEAD wherever GET is, OPTIONS always, sorted", () => {
    expect(table("/api/v1/things")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(table("/api/v1/things/42")).toEqual(["DELETE", "OPTIONS", "PATCH"]);
    expect(allowList(["post", "get", "put"])).toEqual(["GET", "HEAD", "OPTIONS", "POST", "PUT"]);
  });

  it("fills a template's parameters with one path segment each, and prefers a literal path", () => {
    expect(table("/api/v1/things/a%2Fb")).toEqual(["DELETE", "OPTIONS", "PATCH"]);
    expect(table("/api/v1/things/1/parts/2")).toEqual(["OPTIONS", "PUT"]);
    expect(table("/api/v1/things/special")).toEqual(["OPTIONS", "POST"]);
    for (const path of ["/api/v1/things/", "/api/v1/things/1/2", "/api/v1/things/1/parts/", "/x/api/v1/things/1"])
      expect(table(path), path).toBeNull();
  });

  it("knows nothing of paths outside the document, and matches literally (a dot is a dot)", () => {
    expect(table("/api/auth/session")).toBeNull();
    expect(table("/api/v1/docXjson")).toBeNull();
    expect(table("/API/V1/THINGS")).toBeNull();
    expect(table("/api/v1/doc.json")).toEqual(["GET", "HEAD", "OPTIONS"]);
  });
});

const HTTP_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

/** The methods a route file exports: `export const GET`, `export async function POST`, `export const { GET, POST }`. */
function exportedMethods(source: string): string[] {
  const names = [
    ...[...source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)].map((match) => match[1]!),
    ...[...source.matchAll(/export\s+(?:(?:const|let)\s*)?\{([^}]*)\}/g)].flatMap((match) =>
      match[1]!.split(",").map((entry) => entry.trim().split(/\s+/).at(-1)!),
    ),
  ];
  return names.filter((name) => HTTP_METHODS.has(name));
}

/** A URL path that the route file serves: `[id]` becomes a value, `[...rest]` two segments, `(group)` nothing. */
function samplePath(file: string): string {
  const segments = file
    .split("/")
    .slice(0, -1)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (segment.startsWith("[...") ? "a/b" : segment.startsWith("[") ? "some-value" : segment));
  return `/${segments.join("/")}`;
}

describe("the documented methods and the route handlers", () => {
  it("let every method that every route handler exports through, and send the Allow Next's OPTIONS would", async () => {
    const root = new URL("../../app/", import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((file) => /(^|\/)route\.tsx?$/.test(file));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const methods = exportedMethods(await readFile(new URL(file, root), "utf8"));
      expect(methods.length, `${file} exports no HTTP method this test recognises`).toBeGreaterThan(0);
      const allowed = documentedMethods(samplePath(file));
      if (allowed === null) continue;
      expect(allowed, `${file} (${samplePath(file)})`).toEqual(allowList(methods));
    }
  });

  it("cover the API's own paths and leave Auth.js's to it", () => {
    expect(documentedMethods("/api/v1/users/some-id")).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH"]);
    expect(documentedMethods("/api/auth/callback/google")).toBeNull();
  });
});
