import { buildOpenApiDocument } from "../validation/openapi";

// The methods each path of the OpenAPI document answers, so that a method a path does not have
// gets a 405 problem with `Allow` (proxy.ts, and the Node server for methods Next never sees):
// Next itself answers a method a route does not export with a bare 405, no body and no Allow.

/** The methods a path answers (as an `Allow` header lists them), or null for a path the document lacks. */
export type AllowedMethods = (pathname: string) => readonly string[] | null;

const OPERATION_KEYS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** A route's methods as Next's automatic OPTIONS lists them: HEAD wherever GET is, OPTIONS always, sorted. */
export function allowList(methods: readonly string[]): string[] {
  const allowed = new Set(methods.map((method) => method.toUpperCase()));
  if (allowed.has("GET")) allowed.add("HEAD");
  allowed.add("OPTIONS");
  return [...allowed].sort();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A lookup over the document's paths, built once: a Map for the literal paths, and for the few
 * templated ones (`/api/v1/users/{id}`) a regex each, tried only when the path starts with the
 * template's literal head. A literal path wins over a template, as Next prefers a static segment.
 */
export function methodTable(paths: Record<string, Record<string, unknown>>): AllowedMethods {
  const literal = new Map<string, readonly string[]>();
  const templated: { head: string; pattern: RegExp; methods: readonly string[] }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const methods = allowList(Object.keys(item).filter((key) => OPERATION_KEYS.has(key)));
    const parts = path.split(/\{[^/{}]+\}/);
    if (parts.length === 1) literal.set(path, methods);
    else
      templated.push({ head: parts[0]!, pattern: new RegExp(`^${parts.map(escapeRegExp).join("[^/]+")}$`), methods });
  }
  return (pathname) =>
    literal.get(pathname) ??
    templated.find(({ head, pattern }) => pathname.startsWith(head) && pattern.test(pathname))?.methods ??
    null;
}

/** The methods of every path of the published OpenAPI document. */
export const documentedMethods: AllowedMethods = methodTable(buildOpenApiDocument().paths);
