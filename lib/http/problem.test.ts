import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { logger } from "../log";
import { route } from "./handler";
import { toOAuthError } from "./oauth";
import { PROBLEM_CONTENT_TYPE, problemBody, problemResponse, toProblem, zodFieldErrors } from "./problem";

afterEach(() => {
  vi.restoreAllMocks();
});

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the value to be refused");
  return result.error;
};

describe("zodFieldErrors", () => {
  it("keys each message by the dotted path of its field, collecting several per field", () => {
    const schema = z.object({
      name: z
        .string()
        .min(3, "too short")
        .regex(/^[a-z]+$/, "lower case only"),
      address: z.object({ city: z.string({ error: "city missing" }) }),
    });
    expect(zodFieldErrors(issuesOf(schema, { name: "A", address: {} }))).toEqual({
      name: ["too short", "lower case only"],
      "address.city": ["city missing"],
    });
  });

  it("files errors about the body itself under '_'", () => {
    expect(zodFieldErrors(issuesOf(z.object({}, { error: "an object" }), "text"))).toEqual({ _: ["an object"] });
  });
});

describe("problemBody", () => {
  it("names the code in the type and takes status and title from the registry", () => {
    expect(problemBody("rate_limited", "Slow down.")).toStrictEqual({
      type: "about:blank#rate_limited",
      title: "Too many requests",
      status: 429,
      detail: "Slow down.",
      code: "rate_limited",
    });
  });

  it("uses the title as the detail when none is given, and adds field errors only when there are some", () => {
    expect(problemBody("not_found")).toStrictEqual({
      type: "about:blank#not_found",
      title: "Not found",
      status: 404,
      detail: "Not found",
      code: "not_found",
    });
    expect(problemBody("validation_failed", "Bad.", { email: ["Enter an email address."] }).errors).toEqual({
      email: ["Enter an email address."],
    });
    expect(problemBody("validation_failed", "Bad.")).not.toHaveProperty("errors");
  });
});

describe("problemResponse", () => {
  it("answers problem+json with the code's status, never cached, with extra headers added", async () => {
    const response = problemResponse("rate_limited", "Slow down.", { headers: { "retry-after": "30" } });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(PROBLEM_CONTENT_TYPE).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({
      type: "about:blank#rate_limited",
      title: "Too many requests",
      status: 429,
      detail: "Slow down.",
      code: "rate_limited",
    });
  });

  it("carries field errors in the body", async () => {
    const response = problemResponse("validation_failed", undefined, { errors: { token: ["The token is missing."] } });
    expect(await response.json()).toMatchObject({
      status: 400,
      detail: "Invalid request",
      errors: { token: ["The token is missing."] },
    });
  });
});

describe("toProblem", () => {
  it("renders an AppError with its code, detail, field errors and headers", async () => {
    const response = toProblem(
      new AppError("validation_failed", "Check the form.", { email: ["taken"] }, { "x-request-id": "r1" }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toBe("r1");
    expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await response.json()).toEqual({
      type: "about:blank#validation_failed",
      title: "Invalid request",
      status: 400,
      detail: "Check the form.",
      code: "validation_failed",
      errors: { email: ["taken"] },
    });
  });

  it("renders a ZodError that escaped validation as a 400 with its field errors", async () => {
    const response = toProblem(issuesOf(z.object({ email: z.string({ error: "Enter an email address." }) }), {}));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: "about:blank#validation_failed",
      title: "Invalid request",
      status: 400,
      detail: "The request is not valid.",
      code: "validation_failed",
      errors: { email: ["Enter an email address."] },
    });
  });

  it("hides an unexpected error behind a generic 500 and logs it with its stack", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const error = new Error("connection string postgres://secret@db");
    const response = toProblem(error);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text)).toEqual({
      type: "about:blank#internal_error",
      title: "Internal server error",
      status: 500,
      detail: "Something went wrong on our side.",
      code: "internal_error",
    });
    expect(logged).toHaveBeenCalledWith({ err: { message: error.message, stack: error.stack } }, "unhandled error");
  });

  it("answers a lost database connection with 503 and Retry-After, not 500 (the request was fine)", async () => {
    const warned = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const lost = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const response = toProblem(lost);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await response.json()).toMatchObject({ status: 503, code: "service_unavailable" });
    expect(warned).toHaveBeenCalledWith({ err: lost.message }, "database unavailable: answered 503");
    const oauth = toOAuthError(lost);
    expect(oauth.status).toBe(503);
    expect(oauth.headers.get("retry-after")).toBe("1");
    expect(await oauth.json()).toMatchObject({ error: "temporarily_unavailable" });
  });

  it("logs a thrown value that is not an Error as it is", () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    expect(toProblem("a string").status).toBe(500);
    expect(logged).toHaveBeenCalledWith({ err: "a string" }, "unhandled error");
  });
});

describe("route", () => {
  it("passes the handler's own response through, with the request and context it was given", async () => {
    const request = new Request("http://localhost/x");
    const handler = route<{ params: string }>((req, context) => {
      expect(req).toBe(request);
      return Response.json({ context: context.params }, { status: 201 });
    });
    const response = await handler(request, { params: "p" });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ context: "p" });
  });

  it("turns an error thrown by the handler, synchronously or not, into problem+json", async () => {
    const sync = route(() => {
      throw new AppError("forbidden");
    });
    const rejected = route(async () => {
      throw new AppError("conflict", "Username taken.");
    });
    const forbidden = await sync(new Request("http://localhost/x"), undefined);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    const conflict = await rejected(new Request("http://localhost/x"), undefined);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: "conflict", detail: "Username taken." });
  });
});
