import fc from "fast-check";

// Values for the OpenAPI fuzz (e2e/fuzz.spec.ts): valid ones generated from a field's JSON Schema,
// and the hostile ones every field also gets.

export type JsonSchema = { [key: string]: unknown };

/** Strings that break naive code: NUL, lone surrogates, bidi overrides, NFKC look-alikes, CRLF, encodings. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil\u202c",
  "😀👩‍👩‍👧‍👦🏳️‍🌈",
  "ﬁ",
  "Ａｄｍｉｎ",
  "\u212a",
  "e\u0301",
  "\ufeff",
  "\u200b",
  "%00",
  "%ZZ",
  "\r\nX-Injected: 1",
  "../../etc/passwd",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "null",
  "-1",
  "1e309",
  "__proto__",
] as const;

/** Hostile values of the other JSON types, for a field of any type. */
const WRONG_TYPES: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, [], {}, [null], { $ne: "" }, { __proto__: { admin: true } }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

export const wrongType = (): fc.Arbitrary<unknown> => WRONG_TYPES;

/** 100 KB strings: plain, multi-byte, and one that is all combining marks. */
export const hugeString = (): fc.Arbitrary<string> =>
  fc.constantFrom("A".repeat(100_000), "é".repeat(50_000), `a${"\u0301".repeat(50_000)}`, "😀".repeat(25_000));

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: "binary", maxLength: 40 }));

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : Math.max(minLength, 40);
  if (schema.format === "email")
    return fc.emailAddress().map((email) => (email.length <= maxLength ? email : "a@example.test"));
  if (typeof schema.pattern === "string") {
    try {
      const pattern = new RegExp(schema.pattern);
      // Repeated to the minimum length (which keeps `^[…]+$` patterns matching), cut to the maximum.
      return fc.stringMatching(pattern).map((value) => {
        let sized = value || "a";
        while (sized.length < minLength) sized += sized;
        return sized.slice(0, maxLength);
      });
    } catch {
      // A pattern JavaScript cannot compile: plain strings of the right length.
    }
  }
  return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 60) });
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === "number" ? schema.minimum : -1_000;
  const max = typeof schema.maximum === "number" ? schema.maximum : 1_000;
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
}

/** A value the schema accepts (as far as its keywords say: patterns of refinements are not in it). */
export function validValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((alternative) => validValue(alternative, depth)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return validValue(schema.allOf[0] as JsonSchema, depth);
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...type.map((one) => validOfType(one, schema, depth)));
}

function validOfType(type: string | undefined, schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return stringFor(schema);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const minLength = typeof schema.minItems === "number" ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === "number" ? schema.maxItems : 3, minLength + 3);
      return depth > 3 ? fc.constant([]) : fc.array(validValue(items, depth + 1), { minLength, maxLength });
    }
    case "object": {
      const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      const required = (schema.required as string[] | undefined) ?? [];
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, sub]) => [key, validValue(sub, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: required.filter((key) => key in properties) });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
  }
}

/** Values at and just past a field's documented limits. */
export function boundaryValues(schema: JsonSchema): unknown[] {
  const values: unknown[] = [];
  if (typeof schema.minLength === "number") {
    values.push("x".repeat(schema.minLength));
    if (schema.minLength > 0) values.push("x".repeat(schema.minLength - 1));
  }
  if (typeof schema.maxLength === "number") values.push("x".repeat(schema.maxLength), "x".repeat(schema.maxLength + 1));
  if (typeof schema.minimum === "number") values.push(schema.minimum, schema.minimum - 1);
  if (typeof schema.maximum === "number") values.push(schema.maximum, schema.maximum + 1);
  if (typeof schema.maxItems === "number") values.push(Array.from({ length: schema.maxItems + 1 }, () => "x"));
  values.push("", 0, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 0.5);
  return values;
}
