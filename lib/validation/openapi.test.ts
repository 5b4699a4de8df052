import { beforeEach, describe, expect, it } from "vitest";
import { type OpenApiPaths, accountsPaths, buildOpenApiDocument, operationsPaths, usersPaths } from "./openapi";
import { passkeysPaths } from "./openapi-passkeys";
import { mfaPaths } from "./openapi-mfa";
import { withMfaSignIn } from "./openapi-mfa-sign-in";

type Operation = {
  summary?: unknown;
  description?: unknown;
  security?: unknown;
  parameters?: unknown;
  requestBody?: { required?: unknown; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: unknown; content?: Record<string, { schema: Record<string, unknown> }> }>;
};

// Built inside each test (beforeEach), never at import: a document that fails to build must fail tests,
// not the loading of this file.
let document: ReturnType<typeof buildOpenApiDocument>;
let operations: { name: string; operation: Operation }[];
beforeEach(() => {
  document = buildOpenApiDocument();
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      operation: operation as Operation,
    })),
  );
});
const op = (path: string, method = "post") => document.paths[path]![method] as Operation;

const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
/** The OAuth endpoints answer errors in OAuth's shape (RFC 6749 section 5.2), not problem JSON. */
const OAUTH = ["/api/v1/auth/token", "/api/v1/auth/revoke"];
const AUTHED = [{ sessionCookie: [] }, { bearer: [] }];
const SENSITIVE = [
  "/api/v1/auth/register",
  "/api/v1/auth/activate",
  "/api/v1/auth/login",
  "/api/v1/auth/password/forgot",
  "/api/v1/auth/password/reset",
  "/api/v1/auth/password/change",
  "/api/v1/auth/reauthenticate",
  "/api/v1/auth/token",
  "/api/v1/users",
  "/api/v1/me/mfa/totp/confirm",
  "/api/v1/auth/login/verify",
];

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 for the Authcore API, version 1", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Authcore API", version: "1" });
  });

  it("lists the accounts and operations endpoints", () => {
    expect(Object.keys(document.paths)).toEqual([
      ...Object.keys(accountsPaths),
      ...Object.keys(usersPaths),
      ...Object.keys(operationsPaths),
      ...Object.keys(passkeysPaths),
      ...Object.keys(mfaPaths),
      ...Object.keys(withMfaSignIn({})),
    ]);
    expect(Object.keys(document.paths)).toEqual([
      "/api/v1/auth/register",
      "/api/v1/auth/activate",
      "/api/v1/auth/activation/resend",
      "/api/v1/auth/login",
      "/api/v1/auth/unlock",
      "/api/v1/auth/logout",
      "/api/v1/auth/token",
      "/api/v1/auth/revoke",
      "/api/v1/auth/password/forgot",
      "/api/v1/auth/password/reset",
      "/api/v1/auth/password/change",
      "/api/v1/auth/sessions",
      "/api/v1/auth/sessions/{id}",
      "/api/v1/auth/reauthenticate",
      "/api/v1/me",
      "/api/v1/me/photo",
      "/api/v1/openapi.json",
      "/.well-known/jwks.json",
      "/api/v1/users",
      "/api/v1/users/{id}",
      "/api/v1/roles",
      "/api/v1/roles/{id}",
      "/api/v1/audit",
      "/api/v1/me/activity",
      "/api/health",
      "/api/ready",
      "/api/v1/me/passkeys",
      "/api/v1/me/passkeys/options",
      "/api/v1/me/passkeys/{id}",
      "/api/v1/auth/passkey/options",
      "/api/v1/auth/passkey/login",
      "/api/v1/me/mfa",
      "/api/v1/me/mfa/totp",
      "/api/v1/me/mfa/totp/confirm",
      "/api/v1/me/mfa/recovery-codes",
      "/api/v1/auth/login/verify",
      "/api/v1/auth/login/verify/passkey-options",
      "/api/v1/security/mfa-policy",
      "/api/v1/users/{id}/mfa",
    ]);
    expect(Object.keys(document.paths["/api/v1/auth/sessions"]!)).toEqual(["get", "delete"]);
    expect(Object.keys(document.paths["/api/v1/me"]!)).toEqual(["get", "patch"]);
  });

  it("merges the paths other areas pass in, without changing the shared tables", () => {
    const extra: OpenApiPaths = { "/api/v1/extra": { get: { summary: "Extra", responses: {} } } };
    const merged = buildOpenApiDocument(extra);
    // Tagged in copies (by the longest prefix: /api/ is the service's own): the tables keep no tags.
    // The edge's 431 is added to them (in a copy) as to every operation.
    expect(merged.paths["/api/v1/extra"]).toEqual({
      get: { ...extra["/api/v1/extra"]!.get, tags: ["Service"], responses: { "431": expect.anything() } },
    });
    expect(extra["/api/v1/extra"]!.get!.responses).toEqual({});
    expect(extra["/api/v1/extra"]!.get).not.toHaveProperty("tags");
    // The edge's refusals (403, 415) are added to copies of the responses too.
    const { responses: mergedResponses, ...register } = merged.paths["/api/v1/auth/register"]!.post!;
    const { responses: sharedResponses, ...shared } = accountsPaths["/api/v1/auth/register"]!.post!;
    expect(register).toEqual({ ...shared, tags: ["Accounts"] });
    expect(mergedResponses).toMatchObject(sharedResponses as object);
    expect(sharedResponses).not.toHaveProperty("415");
    expect(accountsPaths["/api/v1/auth/register"]!.post).not.toHaveProperty("tags");
    // The second step amends the login operation in a copy: the shared table keeps its own.
    expect(merged.paths["/api/v1/auth/login"]).not.toBe(accountsPaths["/api/v1/auth/login"]);
    expect(accountsPaths["/api/v1/auth/login"]!.post!.description).toBeUndefined();
    expect(accountsPaths).not.toHaveProperty("/api/v1/extra");
    expect(buildOpenApiDocument().paths).not.toHaveProperty("/api/v1/extra");
  });

  it("files every operation under one of the document's tags, by the longest prefix of its path", () => {
    const tags = document.tags.map((tag) => tag.name);
    const untagged = operations.filter(({ operation }) => {
      const own = (operation as { tags?: string[] }).tags;
      return own?.length !== 1 || !tags.includes(own[0]!);
    });
    expect(untagged.map(({ name }) => name)).toEqual([]);
    const tagOf = (path: string, method = "post") => (op(path, method) as { tags?: string[] }).tags;
    expect(tagOf("/api/v1/auth/login")).toEqual(["Accounts"]);
    expect(tagOf("/api/v1/auth/login/verify")).toEqual(["Second factor"]);
    expect(tagOf("/api/v1/auth/token")).toEqual(["Tokens"]);
    expect(tagOf("/api/v1/me", "get")).toEqual(["Your account"]);
    expect(tagOf("/api/v1/me/passkeys", "get")).toEqual(["Passkeys"]);
    expect(tagOf("/api/health", "get")).toEqual(["Service"]);
  });

  it("gives every operation a summary and every response a description (none empty)", () => {
    for (const { name, operation } of operations) {
      expect(operation.summary, name).toEqual(expect.stringMatching(/\S/));
      if ("description" in operation) expect(operation.description, name).toEqual(expect.stringMatching(/\S/));
      expect(Object.keys(operation.responses).length, name).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${name} ${status}`).toEqual(expect.stringMatching(/\S/));
      }
    }
  });

  it("describes every error as problem+json with the shared Problem schema, but the OAuth endpoints' own", () => {
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const oauth = OAUTH.includes(name.split(" ")[1]!);
        // Login's 403 is also `mfa_required`, a problem with extension members (mfaToken, methods).
        if (name === "POST /api/v1/auth/login" && status === "403") {
          const schema = response.content!["application/problem+json"]!.schema;
          expect(schema.anyOf, `${name} ${status}`).toContainEqual({ $ref: "#/components/schemas/Problem" });
        } else if (
          Number(status) >= 400 &&
          (!oauth || status === "403" || status === "431") &&
          !(name === "GET /api/ready" && status === "503")
        ) {
          expect(response.content, `${name} ${status}`).toEqual(PROBLEM);
        }
        // The cross-site refusal (403) comes from proxy.ts and the 431 from the Node server, before
        // the endpoint: problem JSON there too.
        if (Number(status) >= 400 && oauth && !["403", "429", "431"].includes(status)) {
          const schema = response.content!["application/json"]!.schema;
          expect(schema.required, `${name} ${status}`).toEqual(["error", "error_description"]);
        }
      }
    }
    const tokenLimit = op("/api/v1/auth/token").responses["429"]!.content!;
    expect(Object.keys(tokenLimit)).toEqual(["application/json", "application/problem+json"]);
    expect(document.components.schemas.Problem).toEqual({
      type: "object",
      properties: {
        type: { type: "string" },
        title: { type: "string" },
        status: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
        detail: { type: "string" },
        code: { type: "string" },
        errors: {
          type: "object",
          propertyNames: { type: "string" },
          additionalProperties: { type: "array", items: { type: "string" } },
        },
      },
      required: ["type", "title", "status", "detail"],
      additionalProperties: false,
    });
  });

  it("documents invalid input, oversized bodies and rate limiting for every endpoint with a body", () => {
    const withBody = operations.filter(({ operation }) => operation.requestBody);
    expect(withBody.map(({ name }) => name)).toEqual([
      "POST /api/v1/auth/register",
      "POST /api/v1/auth/activate",
      "POST /api/v1/auth/activation/resend",
      "POST /api/v1/auth/login",
      "POST /api/v1/auth/unlock",
      "POST /api/v1/auth/token",
      "POST /api/v1/auth/revoke",
      "POST /api/v1/auth/password/forgot",
      "POST /api/v1/auth/password/reset",
      "POST /api/v1/auth/password/change",
      "POST /api/v1/auth/reauthenticate",
      "PATCH /api/v1/me",
      "PUT /api/v1/me/photo",
      "POST /api/v1/users",
      "PATCH /api/v1/users/{id}",
      "POST /api/v1/roles",
      "PATCH /api/v1/roles/{id}",
      "POST /api/v1/me/passkeys",
      "PATCH /api/v1/me/passkeys/{id}",
      "POST /api/v1/auth/passkey/login",
      "POST /api/v1/me/mfa/totp/confirm",
      "POST /api/v1/auth/login/verify",
      "POST /api/v1/auth/login/verify/passkey-options",
      "PUT /api/v1/security/mfa-policy",
    ]);
    for (const { name, operation } of withBody) {
      expect(operation.requestBody!.required, name).toBe(true);
      // A photo over 5 MB is one more file that is not an acceptable photo: 400 photo_too_large (api.md).
      const oversized = name === "PUT /api/v1/me/photo" ? [] : ["413"];
      for (const status of ["400", ...oversized, "429"])
        expect(operation.responses[status], `${name} ${status}`).toBeDefined();
    }
    expect(op("/api/v1/me/photo", "put").responses["400"]!.description).toMatch(/photo_too_large/);
  });

  it("accepts a compact JWE of the body on the sensitive endpoints only", () => {
    for (const { name, operation } of operations.filter(({ operation }) => operation.requestBody)) {
      const path = name.split(" ")[1]!;
      const content = operation.requestBody!.content;
      if (OAUTH.includes(path)) {
        expect(Object.keys(content), name).toEqual([
          "application/x-www-form-urlencoded",
          "application/json",
          "application/jose",
        ]);
        expect(content["application/x-www-form-urlencoded"], name).toEqual(content["application/json"]);
      } else if (path === "/api/v1/me/photo") {
        expect(Object.keys(content), name).toEqual(["multipart/form-data"]);
        const schema = content["multipart/form-data"]!.schema;
        expect(schema.required, name).toEqual(["photo"]);
        expect(Object.keys(schema.properties as object), name).toEqual(["photo", "cropX", "cropY", "cropSize"]);
      } else if (SENSITIVE.includes(path)) {
        expect(Object.keys(content), name).toEqual(["application/json", "application/jose"]);
        expect(content["application/jose"]!.schema, name).toEqual({
          type: "string",
          description: "Compact JWE of the JSON body, encrypted to a key from /.well-known/jwks.json.",
        });
      } else {
        expect(Object.keys(content), name).toEqual(["application/json"]);
      }
    }
  });

  it("publishes request schemas as the client sends them: open objects, before normalisation", () => {
    const register = op("/api/v1/auth/register").requestBody!.content["application/json"]!.schema;
    expect(register).not.toHaveProperty("$schema");
    expect(register).not.toHaveProperty("additionalProperties");
    expect(register.required).toEqual(["username", "email", "password"]);
    expect((register.properties as Record<string, unknown>).email).toEqual({ type: "string", maxLength: 254 });
  });

  it("publishes response schemas as the server sends them: closed objects", () => {
    const me = op("/api/v1/me", "get").responses["200"]!.content!["application/json"]!.schema;
    expect(me).not.toHaveProperty("$schema");
    expect(me.additionalProperties).toBe(false);
    expect(me.required).toEqual([
      "id",
      "username",
      "email",
      "firstName",
      "lastName",
      "roles",
      "permissions",
      "managerId",
      "photoUrl",
    ]);
  });

  it("marks the signed-in endpoints with the session cookie or a bearer token, and their 401 and 403", () => {
    const authed = operations.filter(({ operation }) => operation.security);
    expect(authed.map(({ name }) => name)).toEqual([
      "POST /api/v1/auth/logout",
      "POST /api/v1/auth/password/change",
      "GET /api/v1/auth/sessions",
      "DELETE /api/v1/auth/sessions",
      "DELETE /api/v1/auth/sessions/{id}",
      "POST /api/v1/auth/reauthenticate",
      "GET /api/v1/me",
      "PATCH /api/v1/me",
      "PUT /api/v1/me/photo",
      "DELETE /api/v1/me/photo",
      "GET /api/v1/users",
      "POST /api/v1/users",
      "GET /api/v1/users/{id}",
      "PATCH /api/v1/users/{id}",
      "DELETE /api/v1/users/{id}",
      "GET /api/v1/roles",
      "POST /api/v1/roles",
      "PATCH /api/v1/roles/{id}",
      "DELETE /api/v1/roles/{id}",
      "GET /api/v1/audit",
      "GET /api/v1/me/activity",
      "GET /api/v1/me/passkeys",
      "POST /api/v1/me/passkeys",
      "POST /api/v1/me/passkeys/options",
      "PATCH /api/v1/me/passkeys/{id}",
      "DELETE /api/v1/me/passkeys/{id}",
      "GET /api/v1/me/mfa",
      "POST /api/v1/me/mfa/totp",
      "DELETE /api/v1/me/mfa/totp",
      "POST /api/v1/me/mfa/totp/confirm",
      "POST /api/v1/me/mfa/recovery-codes",
      "GET /api/v1/security/mfa-policy",
      "PUT /api/v1/security/mfa-policy",
      "DELETE /api/v1/users/{id}/mfa",
    ]);
    for (const { name, operation } of authed) {
      expect(operation.security, name).toEqual(AUTHED);
      expect(operation.responses["401"], name).toBeDefined();
      expect(operation.responses["403"], name).toBeDefined();
    }
    expect(document.components.securitySchemes).toEqual({
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: "authjs.session-token",
        description: "`__Host-authjs.session-token` over https",
      },
      bearer: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWE",
        description: "An access token from POST /api/v1/auth/token (never the session cookie's value).",
      },
    });
  });

  it("documents the answers specific to each endpoint", () => {
    const statuses = (path: string, method = "post") => Object.keys(op(path, method).responses).sort();
    expect(statuses("/api/v1/auth/register")).toEqual(["201", "400", "403", "409", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/activate")).toEqual(["200", "400", "401", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/activation/resend")).toEqual(["202", "400", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/login")).toEqual(["200", "400", "401", "403", "409", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/unlock")).toEqual(["200", "400", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/logout")).toEqual(["204", "401", "403", "431"]);
    expect(statuses("/api/v1/auth/token")).toEqual(["200", "400", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/revoke")).toEqual(["200", "400", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/password/forgot")).toEqual(["202", "400", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/password/reset")).toEqual(["200", "400", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/password/change")).toEqual(["200", "400", "401", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/auth/sessions", "get")).toEqual(["200", "401", "403", "431"]);
    expect(statuses("/api/v1/auth/sessions", "delete")).toEqual(["204", "401", "403", "431"]);
    expect(statuses("/api/v1/auth/sessions/{id}", "delete")).toEqual(["204", "401", "403", "404", "431"]);
    expect(statuses("/api/v1/auth/reauthenticate")).toEqual(["204", "400", "401", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/me", "get")).toEqual(["200", "401", "403", "431"]);
    expect(statuses("/api/v1/me", "patch")).toEqual(["200", "400", "401", "403", "413", "415", "429", "431"]);
    expect(statuses("/api/v1/openapi.json", "get")).toEqual(["200", "431"]);
    expect(statuses("/.well-known/jwks.json", "get")).toEqual(["200", "431"]);
    expect(statuses("/api/health", "get")).toEqual(["200", "431"]);
    expect(statuses("/api/ready", "get")).toEqual(["200", "431", "503"]);
  });

  it("overrides the shared answers where an endpoint means more by them", () => {
    expect(op("/api/v1/auth/login").responses["429"]!.description).toMatch(/too many failed sign-ins/);
    expect(op("/api/v1/auth/sessions", "delete").responses["403"]!.description).toMatch(/reauthentication_required/);
    expect(op("/api/v1/auth/sessions/{id}", "delete").responses["403"]!.description).toMatch(
      /reauthentication_required/,
    );
    expect(op("/api/v1/auth/reauthenticate").responses["401"]!.description).toMatch(/invalid_credentials/);
  });

  it("gives responses without a body no content, and bodies as JSON", () => {
    expect(op("/api/v1/auth/logout").responses["204"]).toEqual({ description: "Signed out" });
    expect(Object.keys(op("/api/v1/auth/login").responses["200"]!.content!)).toEqual(["application/json"]);
    expect(Object.keys(op("/api/ready", "get").responses["503"]!.content!)).toEqual(["application/json"]);
  });

  it("explains the rules a client cannot guess from the schemas", () => {
    const description = (path: string, method = "post") => op(path, method).description as string;
    expect(description("/api/v1/auth/activate")).toMatch(
      /^Opening the link never activates by itself: the password proves .* also received the email\. A wrong password counts as a failed sign-in and leaves the token usable\.$/,
    );
    expect(description("/api/v1/auth/password/change")).toMatch(
      /^Every session and token family of the user ends, the caller's included\. A browser caller .* new session .*; a Bearer caller gets new tokens with the new password\.$/,
    );
    expect(description("/api/v1/auth/token")).toMatch(/presenting a used one again revokes the whole family/);
    expect(description("/api/v1/auth/token")).toMatch(/Errors use the OAuth 2\.0 shape, not problem JSON\.$/);
    expect(description("/api/v1/auth/logout")).toMatch(/With a Bearer token: ends its whole token family/);
    expect(description("/api/v1/auth/revoke")).toBe("Always 200, whether the token was valid or not.");
    expect(description("/api/v1/auth/sessions", "delete")).toMatch(/within the last 10 minutes/);
    expect(description("/api/v1/auth/sessions/{id}", "delete")).toMatch(
      /^Revoking the current session is a logout\. Revoking another one .* within the last 10 minutes\.$/,
    );
    expect(description("/api/v1/auth/reauthenticate")).toMatch(/freshly signed in for 10 minutes/);
    expect(description("/api/ready", "get")).toMatch(
      /^Answered from a result at most a second old\. .* \(loopback address\) or with `Authorization: Bearer <READINESS_TOKEN>`; other callers get `status` alone\.$/,
    );
  });

  it("names the session to revoke as a required path parameter", () => {
    expect(op("/api/v1/auth/sessions/{id}", "delete").parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
      { $ref: "#/components/parameters/ActiveUser" },
    ]);
  });

  it("offers X-Active-User on every operation the session cookie may call, and only there", () => {
    const header = { $ref: "#/components/parameters/ActiveUser" };
    for (const { name, operation } of operations) {
      const cookie = (operation.security as { sessionCookie?: unknown }[] | undefined)?.some(
        (s) => "sessionCookie" in s,
      );
      expect(
        (operation.parameters as unknown[] | undefined)?.some((p) => JSON.stringify(p) === JSON.stringify(header)) ??
          false,
        name,
      ).toBe(cookie ?? false);
    }
    expect(buildOpenApiDocument().components.parameters.ActiveUser).toMatchObject({
      name: "X-Active-User",
      in: "header",
    });
    for (const path of ["/api/v1/auth/login", "/api/v1/auth/login/verify", "/api/v1/auth/passkey/login"]) {
      expect(op(path, "post").responses["409"], path).toBeDefined();
      expect(JSON.stringify(op(path, "post").requestBody), path).toContain("addAccount");
    }
  });
});
