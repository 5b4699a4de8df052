import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { buildOpenApiDocument } from "../validation/openapi";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const DOCUMENT_ID = "openapi.json";
let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (ajv) return ajv;
  // The whole document is registered as one schema resource, so the JSON Schemas inside it
  // resolve their `#/components/…` references exactly as a client reading the document would.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, ...buildOpenApiDocument() });
  return ajv;
}

const pointer = (...segments: string[]) =>
  segments.map((segment) => segment.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/**
 * Checks a real response against the schema the OpenAPI document publishes for that path,
 * method and status (and content type), and returns the parsed body. Fails with ajv's errors.
 */
export async function expectDocumentedResponse(response: Response, path: string, method = "get"): Promise<unknown> {
  const status = String(response.status);
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const document = buildOpenApiDocument();
  const operation = document.paths[path]?.[method] as
    { responses?: Record<string, { content?: Record<string, unknown> }> } | undefined;
  const documented = operation?.responses?.[status];
  if (!documented)
    throw new Error(`The OpenAPI document has no ${status} response for ${method.toUpperCase()} ${path}`);
  if (!documented.content?.[type]) {
    throw new Error(`The OpenAPI document has no ${type} body for ${status} on ${method.toUpperCase()} ${path}`);
  }
  const body: unknown = await response.json();
  const ref = `${DOCUMENT_ID}#/${pointer("paths", path, method, "responses", status, "content", type, "schema")}`;
  const validate = validator().getSchema(ref);
  if (!validate) throw new Error(`No schema at ${ref}`);
  if (!validate(body)) {
    throw new Error(
      `${method.toUpperCase()} ${path} answered ${status} with a body the document does not allow: ` +
        `${validator().errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
  return body;
}
