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
