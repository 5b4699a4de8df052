import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectDocumentedResponse } from "@/lib/testing/documented-response";
import { GET } from "./route";

describe("GET /api/v1/openapi.json", () => {
  it("answers with a document of the shape it publishes for itself", async () => {
    await expectDocumentedResponse(GET(), "/api/v1/openapi.json");
  });

  it("describes the Accounts endpoints with request schemas generated from the validation schemas", async () => {
    const document = await GET().json();
    expect(document.openapi).toBe("3.1.0");
    const register = document.paths["/api/v1/auth/register"].post;
    const schema = register.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(expect.arrayContaining(["username", "email", "password"]));
    expect(schema.properties.username).toMatchObject({ type: "string", minLength: 3, maxLength: 30 });
    expect(register.requestBody.content).toHaveProperty("application/jose");
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(["201", "400", "409"]));
    for (const path of ["/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/sessions/{id}", "/api/v1/me"])
      expect(document.paths).toHaveProperty([path]);
    expect(document.paths["/api/v1/me"].get.responses["200"].content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["id", "username", "email", "roles", "permissions", "managerId"]),
    );
  });
});

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route handler file of the API and the operations routes: path in OpenAPI form, module. */
async function routeHandlers(): Promise<{ path: string; file: string }[]> {
  const root = new URL("../../../", import.meta.url);
  const files = [
    ...(await readdir(new URL("api/v1/", root), { recursive: true }))
      .filter((f) => f.endsWith("route.ts"))
      .map((f) => `api/v1/${f}`),
    "api/health/route.ts",
    "api/ready/route.ts",
    ".well-known/jwks.json/route.ts",
  ];
  return files.map((file) => ({
    file: fileURLToPath(new URL(file, root)),
    path: `/${file.replace(/\/?route\.ts$/, "").replace(/\[([^\]]+)\]/g, "{$1}")}`.replace(
      /^\/\.well-known/,
      "/.well-known",
    ),
  }));
}

describe("the document and the route handlers", () => {
  it("describe the same operations: a handler the document misses, or the reverse, fails", async () => {
    const document = await GET().json();
    const implemented = new Set<string>();
    for (const { path, file } of await routeHandlers()) {
      const handlers = (await import(file)) as Record<string, unknown>;
      for (const method of HTTP_METHODS) {
        if (typeof handlers[method] !== "function") continue;
        implemented.add(`${method} ${path}`);
        expect(
          document.paths[path]?.[method.toLowerCase()],
          `${method} ${path} is not in the OpenAPI document`,
        ).toBeDefined();
      }
    }
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const operation of documented) expect(implemented, `${operation} has no route handler`).toContain(operation);
    expect(implemented.size).toBe(documented.length);
  });
});
