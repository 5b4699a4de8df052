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
});
