import { z } from "./z";

// The building blocks every part of the OpenAPI document uses (./openapi.ts and the
// openapi-*.ts files it merges in).

export type JsonSchema = Record<string, unknown>;
export type Operation = Record<string, unknown>;
export type OpenApiPaths = Record<string, Record<string, Operation>>;

export const json = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

export const ok = (description: string, schema?: z.ZodType) => ({
  description,
  ...(schema ? { content: { "application/json": { schema: json(schema, "output") } } } : {}),
});

/** A request body: JSON, and for sensitive endpoints also a compact JWE of the same JSON. */
export const body = (schema: z.ZodType, sensitive = false) => ({
  required: true,
  content: {
    "application/json": { schema: json(schema, "input") },
    ...(sensitive
      ? {
          "application/jose": {
            schema: {
              type: "string",
              description: "Compact JWE of the JSON body, encrypted to a key from /.well-known/jwks.json.",
            },
          },
        }
      : {}),
  },
});

export const authed = { security: [{ sessionCookie: [] }, { bearer: [] }] };
export const limited = { "429": problem("Rate limited") };
export const signedIn = { "401": problem("Not signed in"), "403": problem("Cross-site request") };
export const stepUp = {
  "401": problem("Not signed in"),
  "403": problem(
    "reauthentication_required (no sign-in or re-authentication within the last 10 minutes), or cross-site",
  ),
};

/** The operation with its responses (and description) amended; the rest as it was. */
export function amendOperation(
  paths: OpenApiPaths,
  path: string,
  method: string,
  change: { description?: (before: unknown) => string; responses: Record<string, unknown> },
): OpenApiPaths {
  const operation = paths[path]?.[method];
  if (!operation) return paths;
  return {
    ...paths,
    [path]: {
      ...paths[path],
      [method]: {
        ...operation,
        ...(change.description ? { description: change.description(operation.description) } : {}),
        responses: { ...(operation.responses as Record<string, unknown>), ...change.responses },
      },
    },
  };
}
