import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FuzzRequest, OpenApiDocument } from "./requests";

// What every fuzzed response must satisfy: no 5xx, errors as problem+json (OAuth's shape on the
// token endpoints), a documented status, and a body that matches the documented schema.

export type FuzzResponse = { status: number; contentType: string; body: string; allow?: string };

/** The endpoints that answer OAuth 2.0 errors (`{error, error_description?}`) instead of problem JSON. */
const OAUTH_PATHS = new Set(["/api/v1/auth/token", "/api/v1/auth/revoke"]);
/** Methods Next answers by itself for every route: HEAD like GET without a body, OPTIONS with Allow. */
const AUTOMATIC_METHODS = new Set(["HEAD", "OPTIONS"]);

/** The `Allow` of a path with these methods, as Next's OPTIONS and the edge's 405 send it. */
const allowOf = (methods: string[]) =>
  [...new Set([...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"])].sort().join(", ");

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export function responseChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: false });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addSchema(document as object, "openapi");
  const validators = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#/${ref}` });
      validators.set(ref, validate);
    }
    return validate;
  };
  const problemSchema = validator(pointer("components", "schemas", "Problem"));

  /** The reasons the response breaks the contract; empty when it keeps it. */
  return function check(request: FuzzRequest, response: FuzzResponse): string[] {
    const { path, method } = request.operation;
    const mediaType = response.contentType.split(";")[0]!.trim().toLowerCase();
    const failures: string[] = [];
    let parsed: unknown;
    const parse = () => {
      try {
        parsed = JSON.parse(response.body);
        return true;
      } catch {
        failures.push(`${response.status} body is not JSON: ${response.body.slice(0, 200)}`);
        return false;
      }
    };
    if (response.status >= 500) failures.push(`status ${response.status}`);

    if (request.method !== method) {
      // Not an operation of the document: any refusal is fine as long as it is a 4xx problem, and a
      // 405 or OPTIONS' answer names in Allow the methods the document has for the path.
      const allow = allowOf(request.operation.pathMethods);
      const answersAllow = response.status === 405 || (request.method === "OPTIONS" && response.status < 400);
      if (answersAllow && response.allow !== allow)
        failures.push(
          `${request.method} answered ${response.status} with Allow ${response.allow ?? "(none)"}, not ${allow}`,
        );
      if (AUTOMATIC_METHODS.has(request.method) && response.status < 400) return failures;
      if (response.status < 400) failures.push(`${request.method} answered ${response.status}`);
      else if (
        request.method !== "HEAD" &&
        (mediaType !== "application/problem+json" || !parse() || !problemSchema(parsed))
      )
        failures.push(`${request.method} answered ${response.status} ${mediaType || "(no type)"}, not problem JSON`);
      return failures;
    }

    const documented = request.operation.operation.responses[String(response.status)];
    if (!documented) {
      failures.push(`undocumented status ${response.status}: ${response.body.slice(0, 200)}`);
      return failures;
    }
    if (response.status >= 400 && !OAUTH_PATHS.has(path) && mediaType !== "application/problem+json")
      failures.push(`error ${response.status} is ${mediaType || "(no type)"}, not application/problem+json`);
    const content = documented.content;
    if (!content) {
      if (response.body.length > 0)
        failures.push(`${response.status} should have no body: ${response.body.slice(0, 200)}`);
      return failures;
    }
    if (!(mediaType in content)) {
      failures.push(
        `${response.status} is ${mediaType || "(no type)"}, documented ${Object.keys(content).join(" or ")}`,
      );
      return failures;
    }
    if (!parse()) return failures;
    const validate = validator(
      pointer(
        "paths",
        path,
        method.toLowerCase(),
        "responses",
        String(response.status),
        "content",
        mediaType,
        "schema",
      ),
    );
    if (!validate(parsed))
      failures.push(
        `${response.status} body does not match its schema (${ajv.errorsText(validate.errors)}): ${response.body.slice(0, 300)}`,
      );
    if (mediaType === "application/problem+json" && (parsed as { status?: unknown }).status !== response.status)
      failures.push(`problem status ${(parsed as { status?: unknown }).status} differs from ${response.status}`);
    return failures;
  };
}
