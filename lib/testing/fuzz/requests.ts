import fc from "fast-check";
import { boundaryValues, hostileString, hugeString, validValue, wrongType, type JsonSchema } from "./values";

// Requests for the OpenAPI fuzz, generated from the document: one arbitrary per operation that
// mixes valid, boundary and invalid values with broken encodings, odd methods and hostile headers.

type Parameter = { name: string; in: string; required?: boolean; schema?: JsonSchema };
export type OperationObject = {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  security?: unknown[];
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, OperationObject>>;
  components: { parameters?: Record<string, Parameter> };
};
export type FuzzOperation = {
  method: string;
  path: string;
  operation: OperationObject;
  parameters: Parameter[];
  /** Every method the document has for this path (an "odd" method is none of them). */
  pathMethods: string[];
};

/** Every operation of the document, with its `$ref` parameters resolved. */
export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      pathMethods: Object.keys(operations).map((one) => one.toUpperCase()),
      operation,
      parameters: (operation.parameters ?? []).map((parameter) =>
        "$ref" in parameter ? document.components.parameters![parameter.$ref.split("/").at(-1)!]! : parameter,
      ),
    })),
  );
}

/** Who the request claims to be; the spec turns the valid kinds into the fuzz user's real credentials. */
export type Credentials = "none" | "bearer" | "cookie" | { headers: [string, string][] };
/** A path parameter: one of the fuzz user's own ids (known to the spec at send time) or a literal. */
export type PathValue = { known: "user" | "role" | "session" } | string;

export type FuzzRequest = {
  operation: FuzzOperation;
  /** What was done to the request, for the report: "valid", "wrong type", "broken JSON", … */
  kind: string;
  method: string;
  pathValues: Record<string, PathValue>;
  query: [string, string][];
  credentials: Credentials;
  headers: [string, string][];
  body?: string | Buffer;
};

const ODD_METHODS = ["PROPFIND", "TRACE", "PATCH", "PUT", "DELETE", "POST", "GET", "OPTIONS", "HEAD", "MKCOL", "FOO"];

/** A JWE-shaped value (the session cookie's and access token's form) that no key of ours opened. */
const FAKE_JWE =
  "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAAAAAAAAAAAAAAAAAAAA.Zm9vYmFyYmF6cXV4.AAAAAAAAAAAAAAAAAAAAAA";

/** Header values Node can send (no control characters) that are still hostile. */
const HEADER_JUNK = fc.constantFrom(
  "",
  " ",
  "x".repeat(4_000),
  FAKE_JWE,
  "a.b.c.d.e",
  "%00",
  "\u00ff\u00fe",
  "null",
  "undefined",
  "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
  "Ａｄｍｉｎ".normalize("NFKC"),
);

const hostileCredentials: fc.Arbitrary<Credentials> = fc.oneof(
  HEADER_JUNK.map((junk) => ({ headers: [["authorization", `Bearer ${junk}`]] as [string, string][] })),
  HEADER_JUNK.map((junk) => ({ headers: [["authorization", junk]] as [string, string][] })),
  fc
    .constantFrom<[string, string][]>(
      [["authorization", "Basic YWRtaW46YWRtaW4="]],
      [["authorization", "bearer"]],
      [["authorization", "Bearer  x  y"]],
      [
        ["authorization", `Bearer ${FAKE_JWE}`],
        ["authorization", "Bearer other"],
      ],
    )
    .map((headers) => ({ headers })),
  HEADER_JUNK.map((junk) => ({ headers: [["cookie", `authjs.session-token=${junk}`]] as [string, string][] })),
  fc
    .constantFrom(
      "=;;;=",
      "authjs.session-token",
      `authjs.session-token="${FAKE_JWE}"`,
      `authjs.session-token=${FAKE_JWE}; authjs.session-token=other`,
      `authcore.accounts=${FAKE_JWE}; authjs.session-token=${FAKE_JWE}`,
      `__Host-authjs.session-token=${FAKE_JWE}`,
      `authjs.session-token.0=${FAKE_JWE}; authjs.session-token.1=x`,
      Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join("; "),
      `huge=${"x".repeat(4_000)}`,
      "authjs.session-token=%ZZ%00",
    )
    .map((cookie) => ({ headers: [["cookie", cookie]] as [string, string][] })),
);

const credentialsFor = (operation: FuzzOperation): fc.Arbitrary<Credentials> =>
  operation.operation.security
    ? fc.oneof(
        { weight: 5, arbitrary: fc.constant<Credentials>("bearer") },
        { weight: 2, arbitrary: fc.constant<Credentials>("cookie") },
        { weight: 1, arbitrary: fc.constant<Credentials>("none") },
        { weight: 2, arbitrary: hostileCredentials },
      )
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant<Credentials>("none") },
        { weight: 1, arbitrary: hostileCredentials },
      );

/** Extra headers: none mostly, sometimes duplicated or hostile ones. */
const extraHeaders: fc.Arbitrary<[string, string][]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<[string, string][]>(
      [
        ["content-type", "application/json"],
        ["content-type", "text/plain"],
      ],
      [
        ["x-active-user", "someone"],
        ["x-active-user", "someone-else"],
      ],
      [["x-forwarded-for", "1.2.3.4, , not-an-ip, ::1"]],
      [["origin", "https://evil.example"]],
      [["origin", "null"]],
      [["sec-fetch-site", "cross-site"]],
      [["host", "evil.example"]],
      [["accept", "application/xml"]],
      [["x-active-user", "x".repeat(65)]],
    ),
  },
);

type Body = { kind: string; body?: string | Buffer; contentType?: string };

/** A JSON value of the schema with one of its top-level fields changed (or removed). */
function mutatedJson(schema: JsonSchema): fc.Arbitrary<{ kind: string; value: unknown }> {
  const properties = Object.keys((schema.properties as Record<string, JsonSchema> | undefined) ?? {});
  const required = (schema.required as string[] | undefined) ?? [];
  const valid = validValue(schema);
  const withField = (kind: string, values: (field: string) => fc.Arbitrary<unknown>) =>
    properties.length === 0
      ? valid.map((value) => ({ kind: "valid", value }))
      : fc
          .tuple(valid, fc.constantFrom(...properties))
          .chain(([value, field]) =>
            values(field).map((changed) => ({ kind, value: { ...(value as object), [field]: changed } })),
          );
  const fieldSchema = (field: string) => (schema.properties as Record<string, JsonSchema>)[field]!;
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((value) => ({ kind: "valid", value })) },
    { weight: 2, arbitrary: withField("boundary", (field) => fc.constantFrom(...boundaryValues(fieldSchema(field)))) },
    { weight: 2, arbitrary: withField("wrong type", () => wrongType()) },
    { weight: 2, arbitrary: withField("hostile string", () => hostileString()) },
    { weight: 1, arbitrary: withField("huge string", () => hugeString()) },
    {
      weight: 1,
      arbitrary:
        required.length === 0
          ? fc.constant({ kind: "empty object", value: {} })
          : fc.tuple(valid, fc.constantFrom(...required)).map(([value, field]) => {
              const { [field]: _missing, ...rest } = value as Record<string, unknown>;
              return { kind: "missing field", value: rest };
            }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.string({ maxLength: 12 }), wrongType())
        .map(([value, key, extra]) => ({ kind: "extra field", value: { ...(value as object), [key]: extra } })),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(wrongType(), hostileString()).map((value) => ({ kind: "not an object", value })),
    },
  );
}

const BROKEN_JSON: (string | Buffer)[] = [
  "",
  "{",
  '{"a":',
  "[1,2",
  "nul",
  '{"a":1}garbage',
  "\ufeff{}",
  '{"a":"\\ud800"}',
  '{"__proto__":{"admin":true}}',
  "[".repeat(5_000) + "]".repeat(5_000),
  `{${Array.from({ length: 2_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`,
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
];

function formOf(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  return new URLSearchParams(
    Object.entries(value).map(([key, field]) => [key, typeof field === "string" ? field : JSON.stringify(field)]),
  ).toString();
}

function multipartOf(value: unknown, boundary: string): string {
  const fields = value !== null && typeof value === "object" ? Object.entries(value) : [["value", value]];
  const parts = fields.map(
    ([key, field]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${String(key)}"; filename="x.png"\r\n` +
      `Content-Type: image/png\r\n\r\n${typeof field === "string" ? field : JSON.stringify(field)}\r\n`,
  );
  return `${parts.join("")}--${boundary}--\r\n`;
}

function bodyFor(operation: FuzzOperation): fc.Arbitrary<Body> {
  const content = operation.operation.requestBody?.content;
  const schema = content?.["application/json"]?.schema ?? content?.["multipart/form-data"]?.schema ?? {};
  const documented = content?.["application/json"]
    ? "application/json"
    : content?.["multipart/form-data"]
      ? "multipart/form-data"
      : undefined;
  const encoded = mutatedJson(schema).chain(({ kind, value }) =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constant<Body>(
          documented === "multipart/form-data"
            ? {
                kind,
                body: multipartOf(value, "fuzzboundary"),
                contentType: "multipart/form-data; boundary=fuzzboundary",
              }
            : { kind, body: JSON.stringify(value) ?? "", contentType: "application/json" },
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constant<Body>({
          kind: `${kind}, as a form`,
          body: formOf(value),
          contentType: "application/x-www-form-urlencoded",
        }),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Body>(
          { kind: `${kind}, as text/plain`, body: JSON.stringify(value) ?? "", contentType: "text/plain" },
          { kind: `${kind}, no content type`, body: JSON.stringify(value) ?? "" },
          { kind: `${kind}, multipart`, body: multipartOf(value, "b"), contentType: "multipart/form-data; boundary=b" },
          {
            kind: `${kind}, multipart without boundary`,
            body: multipartOf(value, "b"),
            contentType: "multipart/form-data",
          },
          {
            kind: `${kind}, odd JSON type`,
            body: JSON.stringify(value) ?? "",
            contentType: "application/json; charset=utf-16",
          },
          { kind: `${kind}, as JWE`, body: FAKE_JWE, contentType: "application/jose" },
        ),
      },
    ),
  );
  return fc.oneof(
    { weight: 8, arbitrary: encoded },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...BROKEN_JSON)
        .map((body) => ({ kind: "broken JSON", body, contentType: documented ?? "application/json" })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Body>(
        { kind: "no body", contentType: documented },
        { kind: "body over the limit", body: JSON.stringify({ padding: "x".repeat(40_000) }), contentType: documented },
      ),
    },
  );
}

function pathValue(name: string, path: string): fc.Arbitrary<PathValue> {
  const known: PathValue | undefined = path.startsWith("/api/v1/users/")
    ? { known: "user" }
    : path.startsWith("/api/v1/roles/")
      ? { known: "role" }
      : path.startsWith("/api/v1/auth/sessions/")
        ? { known: "session" }
        : undefined;
  void name;
  // Not "." or "..": the URL would leave the operation's path (Next redirects it, 308).
  return fc
    .oneof(
      ...(known ? [{ weight: 3, arbitrary: fc.constant(known) }] : []),
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
      { weight: 1, arbitrary: hostileString().filter((value) => value.length > 0) },
      { weight: 1, arbitrary: fc.constantFrom("x".repeat(5_000), "00000000-0000-0000-0000-000000000000", "%2F") },
    )
    .filter((value) => typeof value !== "string" || !/^\.+$/.test(value));
}

function queryFor(operation: FuzzOperation): fc.Arbitrary<[string, string][]> {
  const parameters = operation.parameters.filter((parameter) => parameter.in === "query");
  const one = (parameter: Parameter): fc.Arbitrary<[string, string][]> =>
    fc
      .oneof(
        { weight: 3, arbitrary: validValue(parameter.schema ?? {}).map(String) },
        { weight: 2, arbitrary: fc.constantFrom(...boundaryValues(parameter.schema ?? {})).map(String) },
        { weight: 1, arbitrary: fc.oneof(hostileString(), hugeString(), fc.constantFrom("abc", "1.5", "1e3", "-0")) },
      )
      .chain((value) =>
        fc.oneof(
          { weight: 5, arbitrary: fc.constant<[string, string][]>([[parameter.name, value]]) },
          {
            weight: 1,
            arbitrary: fc.constant<[string, string][]>([
              [parameter.name, value],
              [parameter.name, "2"],
            ]),
          },
        ),
      );
  const chosen = parameters.map((parameter) => fc.option(one(parameter), { nil: [] as [string, string][] }));
  return fc
    .tuple(fc.tuple(...chosen), fc.option(fc.tuple(fc.string({ maxLength: 8 }), hostileString()), { freq: 8 }))
    .map(([values, extra]) => [...values.flat(), ...(extra ? [extra] : [])]);
}

/** Requests for one operation: its own method mostly, another one sometimes. */
export function requestFor(operation: FuzzOperation): fc.Arbitrary<FuzzRequest> {
  const pathNames = operation.parameters.filter((parameter) => parameter.in === "path").map(({ name }) => name);
  const pathValues = fc.record(
    Object.fromEntries(pathNames.map((name) => [name, pathValue(name, operation.path)])),
  ) as fc.Arbitrary<Record<string, PathValue>>;
  const method = fc.oneof(
    { weight: 12, arbitrary: fc.constant(operation.method) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS.filter((odd) => !operation.pathMethods.includes(odd))) },
  );
  const hasBody = operation.operation.requestBody !== undefined;
  const body: fc.Arbitrary<Body> = hasBody
    ? bodyFor(operation)
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant<Body>({ kind: "valid" }) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...BROKEN_JSON)
            .map((body) => ({ kind: "unexpected body", body, contentType: "application/json" })),
        },
      );
  return fc
    .record({
      method,
      pathValues,
      query: queryFor(operation),
      credentials: credentialsFor(operation),
      extra: extraHeaders,
      body,
    })
    .map(
      ({
        method: chosen,
        pathValues: values,
        query,
        credentials,
        extra,
        body: { kind, body: payload, contentType },
      }) => ({
        operation,
        kind: chosen === operation.method ? kind : `odd method ${chosen}`,
        method: chosen,
        pathValues: values,
        query,
        credentials,
        headers: [...(contentType ? ([["content-type", contentType]] as [string, string][]) : []), ...extra],
        ...(payload === undefined ? {} : { body: payload }),
      }),
    );
}

/** Requests over every operation, each operation about as often as the others. */
export function requestsOf(operations: FuzzOperation[]): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...operations.map(requestFor));
}
