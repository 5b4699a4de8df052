import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

type Responses = Record<string, { content?: Record<string, unknown> }>;
const responsesOf = (path: string, method: string) =>
  (buildOpenApiDocument().paths[path]![method] as { responses: Responses }).responses;

describe("the refusals of the edge in the OpenAPI document", () => {
  it("documents the cross-site 403 on a state-changing operation that had no 403, as problem JSON", () => {
    const forgot = responsesOf("/api/v1/auth/password/forgot", "post");
    expect(Object.keys(forgot["403"]!.content!)).toEqual(["application/problem+json"]);
    expect(Object.keys(responsesOf("/api/v1/auth/token", "post")["403"]!.content!)).toEqual([
      "application/problem+json",
    ]);
  });

  it("documents 415 on operations with a body, in OAuth's shape on the OAuth endpoints", () => {
    expect(Object.keys(responsesOf("/api/v1/auth/login", "post")["415"]!.content!)).toEqual([
      "application/problem+json",
    ]);
    expect(responsesOf("/api/v1/roles", "post")["415"]).toBeDefined();
    expect(Object.keys(responsesOf("/api/v1/auth/token", "post")["415"]!.content!)).toEqual(["application/json"]);
    expect(Object.keys(responsesOf("/api/v1/auth/revoke", "post")["415"]!.content!)).toEqual(["application/json"]);
  });

  it("leaves reads alone and keeps an operation's own 403", () => {
    expect(responsesOf("/api/v1/openapi.json", "get")["403"]).toBeUndefined();
    expect(responsesOf("/api/v1/me/photo", "delete")["415"]).toBeUndefined();
    const sessions = responsesOf("/api/v1/auth/sessions", "delete") as Record<string, { description?: string }>;
    expect(sessions["403"]!.description).toMatch(/reauthentication_required/);
  });

  it("documents 431 headers_too_large on every operation, as problem JSON even on the OAuth endpoints", () => {
    const document = buildOpenApiDocument();
    const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { name, operation } of operations) {
      const tooLarge = (operation as { responses: Responses }).responses["431"];
      expect(tooLarge?.content, name).toEqual(PROBLEM);
      expect((tooLarge as { description: string }).description, name).toMatch(/^headers_too_large: /);
    }
  });

  it("describes once, for every path, the 405 problem with Allow of a method the path does not have", () => {
    const document = buildOpenApiDocument();
    expect(document.info.description).toMatch(/`405`.*method_not_allowed.*`Allow`/);
    expect(document.components.responses.MethodNotAllowed).toMatchObject({
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      headers: { Allow: { schema: { type: "string" } } },
    });
    // No operation lists 405: an operation is a method the path has.
    expect(responsesOf("/api/v1/me", "get")["405"]).toBeUndefined();
  });

  it("describes once the 503 with Retry-After of any operation while the database cannot be reached", () => {
    const document = buildOpenApiDocument();
    expect(document.info.description).toMatch(/`503`.*`Retry-After`.*service_unavailable.*temporarily_unavailable/);
    expect(document.components.responses.ServiceUnavailable).toMatchObject({
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      headers: { "Retry-After": { schema: { type: "string" } } },
    });
  });
});
