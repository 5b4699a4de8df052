import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  HealthResponseSchema,
  JwksResponseSchema,
  LoginResponseSchema,
  MeResponseSchema,
  MessageResponseSchema,
  OpenApiDocumentSchema,
  ProblemSchema,
  ReadinessResponseSchema,
  SessionsResponseSchema,
} from "./responses";

const me = {
  id: "u1",
  username: "ada",
  email: "ada@example.test",
  firstName: "Ada",
  lastName: "Lovelace",
  roles: [{ id: "r1", name: "user", level: 10 }],
  permissions: ["profile:update:own"],
  managerId: null,
  photoUrl: null,
};
const session = {
  id: "s1",
  kind: "browser",
  createdAt: "2026-12-01T10:00:00.000Z",
  lastSeenAt: "2026-12-01T11:00:00.000Z",
  userAgent: "vitest",
  ip: "198.51.100.7",
  current: true,
};

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe("the response shapes", () => {
  it("describe a message, the user and a sign-in", () => {
    expect(ok(MessageResponseSchema, { message: "Done." })).toBe(true);
    expect(ok(MessageResponseSchema, {})).toBe(false);
    expect(ok(MeResponseSchema, me)).toBe(true);
    expect(ok(MeResponseSchema, { ...me, managerId: "u0" })).toBe(true);
    expect(ok(MeResponseSchema, { ...me, photoUrl: "http://localhost:3000/photos/u1/ab.webp" })).toBe(true);
    expect(ok(MeResponseSchema, { ...me, photoUrl: undefined })).toBe(false);
    expect(ok(MeResponseSchema, { ...me, roles: [{ id: "r1", name: "user", level: 1.5 }] })).toBe(false);
    expect(ok(MeResponseSchema, { ...me, permissions: [1] })).toBe(false);
    expect(ok(LoginResponseSchema, { user: me })).toBe(true);
    expect(ok(LoginResponseSchema, me)).toBe(false);
  });

  it("describe sessions with their times as date-time strings", () => {
    expect(ok(SessionsResponseSchema, { items: [session] })).toBe(true);
    expect(ok(SessionsResponseSchema, { items: [{ ...session, current: "yes" }] })).toBe(false);
    expect(ok(SessionsResponseSchema, { items: [{ ...session, kind: "api" }] })).toBe(true);
    expect(ok(SessionsResponseSchema, { items: [{ ...session, kind: "robot" }] })).toBe(false);
    const published = z.toJSONSchema(SessionsResponseSchema) as unknown as {
      properties: { items: { items: { properties: Record<string, unknown> } } };
    };
    expect(published.properties.items.items.properties.createdAt).toEqual({ type: "string", format: "date-time" });
    expect(published.properties.items.items.properties.lastSeenAt).toEqual({ type: "string", format: "date-time" });
  });

  it("describe published keys as encryption keys only, whatever else they carry", () => {
    const key = { kty: "OKP", crv: "X25519", x: "abc", kid: "k1", use: "enc", alg: "ECDH-ES+A256KW" };
    expect(JwksResponseSchema.parse({ keys: [key] })).toEqual({ keys: [key] });
    expect(ok(JwksResponseSchema, { keys: [{ ...key, use: "sig" }] })).toBe(false);
    expect(ok(JwksResponseSchema, { keys: [{ ...key, kid: undefined }] })).toBe(false);
  });

  it("describe liveness and readiness, with per-service checks of ok or error", () => {
    expect(ok(HealthResponseSchema, { status: "ok" })).toBe(true);
    expect(ok(HealthResponseSchema, { status: "up" })).toBe(false);
    expect(ok(ReadinessResponseSchema, { status: "ok" })).toBe(true);
    expect(
      ok(ReadinessResponseSchema, { status: "unavailable", checks: { db: "ok", redis: "error", rabbitmq: "ok" } }),
    ).toBe(true);
    expect(ok(ReadinessResponseSchema, { status: "down" })).toBe(false);
    expect(ok(ReadinessResponseSchema, { status: "ok", checks: { db: "ok", redis: "ok", rabbitmq: "slow" } })).toBe(
      false,
    );
    expect(ok(ReadinessResponseSchema, { status: "ok", checks: { db: "ok", redis: "ok" } })).toBe(false);
  });

  it("describe problems and the OpenAPI document itself", () => {
    const problem = { type: "about:blank#not_found", title: "Not found", status: 404, detail: "Not found" };
    expect(ok(ProblemSchema, problem)).toBe(true);
    expect(ok(ProblemSchema, { ...problem, code: "not_found", errors: { email: ["x"] } })).toBe(true);
    expect(ok(ProblemSchema, { ...problem, errors: { email: "x" } })).toBe(false);
    expect(ok(ProblemSchema, { ...problem, status: 404.5 })).toBe(false);
    const document = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: { "/x": { get: { responses: {} } } },
      components: {},
    };
    expect(ok(OpenApiDocumentSchema, document)).toBe(true);
    expect(ok(OpenApiDocumentSchema, { ...document, openapi: "3.0.0" })).toBe(false);
    expect(ok(OpenApiDocumentSchema, { ...document, info: { version: "1" } })).toBe(false);
    expect(ok(OpenApiDocumentSchema, { ...document, info: { title: "t" } })).toBe(false);
    expect(ok(OpenApiDocumentSchema, { ...document, paths: { "/x": { get: {} } } })).toBe(false);
  });
});
