import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../validation/openapi";
import { problemBody } from "../../http/problem";
import { responseChecker } from "./checks";
import { operationsOf, type FuzzRequest, type OpenApiDocument } from "./requests";

const document = buildOpenApiDocument() as unknown as OpenApiDocument;
const check = responseChecker(document);
const operations = operationsOf(document);

function request(method: string, path: string, sent = method): FuzzRequest {
  const operation = operations.find((one) => one.method === method && one.path === path)!;
  return { operation, kind: "valid", method: sent, pathValues: {}, query: [], credentials: "bearer", headers: [] };
}

const problem = (status: number, code: Parameters<typeof problemBody>[0], allow?: string) => ({
  status,
  contentType: "application/problem+json",
  body: JSON.stringify(problemBody(code)),
  ...(allow ? { allow } : {}),
});

describe("the fuzz's response checker", () => {
  it("takes a 405 problem naming the path's methods in Allow for a method the path does not have", () => {
    expect(
      check(request("GET", "/api/v1/me", "PUT"), problem(405, "method_not_allowed", "GET, HEAD, OPTIONS, PATCH")),
    ).toEqual([]);
    expect(
      check(request("POST", "/api/v1/auth/login", "HEAD"), {
        status: 405,
        contentType: "",
        body: "",
        allow: "OPTIONS, POST",
      }),
    ).toEqual([]);
  });

  it("fails Next's bare 405, and an Allow that is not the path's", () => {
    expect(check(request("GET", "/api/v1/me", "PUT"), { status: 405, contentType: "", body: "" })).toEqual([
      "PUT answered 405 with Allow (none), not GET, HEAD, OPTIONS, PATCH",
      "PUT answered 405 (no type), not problem JSON",
    ]);
    expect(
      check(request("GET", "/api/v1/me", "PUT"), problem(405, "method_not_allowed", "GET, HEAD, OPTIONS")),
    ).toEqual(["PUT answered 405 with Allow GET, HEAD, OPTIONS, not GET, HEAD, OPTIONS, PATCH"]);
    expect(check(request("GET", "/api/v1/me", "OPTIONS"), { status: 204, contentType: "", body: "" })).toEqual([
      "OPTIONS answered 204 with Allow (none), not GET, HEAD, OPTIONS, PATCH",
    ]);
  });

  it("takes the Node server's 431 problem on any operation, the OAuth endpoints' included", () => {
    for (const [method, path] of [
      ["GET", "/api/v1/me"],
      ["POST", "/api/v1/auth/token"],
      ["GET", "/api/health"],
    ] as const)
      expect(check(request(method, path), problem(431, "headers_too_large")), `${method} ${path}`).toEqual([]);
  });
});
