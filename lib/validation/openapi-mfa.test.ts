import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { mfaPaths } from "./openapi-mfa";

type Operation = { description?: string; responses: Record<string, { description: string }> };
const op = (path: string, method: string) => buildOpenApiDocument().paths[path]![method] as Operation;

describe("the second-factor operations of the OpenAPI document", () => {
  it("are in the document, each with its answers", () => {
    const statuses = (path: string, method: string) => Object.keys(op(path, method).responses).sort();
    for (const path of Object.keys(mfaPaths)) expect(buildOpenApiDocument().paths).toHaveProperty([path]);
    expect(statuses("/api/v1/me/mfa", "get")).toEqual(["200", "401", "403", "431"]);
    expect(statuses("/api/v1/me/mfa/totp", "post")).toEqual(["200", "401", "403", "409", "429", "431"]);
    expect(statuses("/api/v1/me/mfa/totp", "delete")).toEqual(["204", "401", "403", "404", "429", "431"]);
    expect(statuses("/api/v1/me/mfa/totp/confirm", "post")).toEqual([
      "200",
      "400",
      "401",
      "403",
      "409",
      "413",
      "415",
      "429",
      "431",
    ]);
    expect(statuses("/api/v1/me/mfa/recovery-codes", "post")).toEqual(["200", "401", "403", "409", "429", "431"]);
  });

  it("say which ones need a recent sign-in", () => {
    for (const [path, method] of [
      ["/api/v1/me/mfa/totp", "post"],
      ["/api/v1/me/mfa/totp", "delete"],
      ["/api/v1/me/mfa/totp/confirm", "post"],
      ["/api/v1/me/mfa/recovery-codes", "post"],
    ] as const) {
      expect(op(path, method).description, `${method} ${path}`).toMatch(/within the last 10 minutes/);
      expect(op(path, method).responses["403"]!.description).toMatch(/reauthentication_required/);
    }
    expect(op("/api/v1/me/mfa", "get").responses["403"]!.description).toBe("Cross-site request");
  });
});
