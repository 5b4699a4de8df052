import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { boundaryValues, validValue } from "./values";

const schema = {
  type: "object",
  properties: {
    token: { type: "string", minLength: 16, maxLength: 128, pattern: "^[A-Za-z0-9_-]+$" },
    level: { type: "integer", minimum: 1, maximum: 100 },
    roleIds: { type: "array", items: { type: "string" }, maxItems: 5 },
    mode: { anyOf: [{ type: "null" }, { enum: ["on", "off"] }] },
  },
  required: ["token", "level"],
};

describe("the fuzz's values from JSON Schema", () => {
  it("generates only values the schema accepts", () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    fc.assert(
      fc.property(validValue(schema), (value) => {
        expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("gives the values at and just past each limit", () => {
    const token = boundaryValues(schema.properties.token);
    expect(token).toEqual(expect.arrayContaining(["x".repeat(16), "x".repeat(15), "x".repeat(128), "x".repeat(129)]));
    expect(boundaryValues(schema.properties.level)).toEqual(expect.arrayContaining([1, 0, 100, 101]));
    expect(boundaryValues(schema.properties.roleIds)).toContainEqual(Array.from({ length: 6 }, () => "x"));
  });
});
