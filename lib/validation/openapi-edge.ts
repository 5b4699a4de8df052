import { problem, type OpenApiPaths } from "./openapi-parts";

// Answers the edge gives before an operation's handler decides anything, documented in one place:
// proxy.ts refuses a cross-site state-changing request (403 cross_site_request, problem JSON even
// on the OAuth endpoints), a body in a media type the operation does not read answers 415 (the
// OAuth endpoints document their own 415, in OAuth's shape), and the Node server (server.ts)
// answers headers over Node's limit with 431 before any route sees them (problem JSON on every
// operation, OAuth's included). A method that a path does not have reaches no operation: its 405
// (proxy.ts, with `Allow`) is described once, for the whole document.

const OAUTH_PATHS = new Set(["/api/v1/auth/token", "/api/v1/auth/revoke"]);
const SAFE_METHODS = new Set(["get", "head", "options"]);

const CROSS_SITE = problem("cross_site_request: a browser marked the request as coming from another site");
const MEDIA_TYPE = problem("unsupported_media_type: the body is not in a media type this operation reads");
const HEADERS_TOO_LARGE = problem(
  "headers_too_large: the request line and headers (a very long URL counts) are over Node's limit, 16 KiB by default",
);

/** What the edge answers to a method a path does not list, and to HEAD and OPTIONS, for `info.description`. */
export const EDGE_METHODS_DESCRIPTION =
  "A method that a path does not list answers `405` (problem JSON, code `method_not_allowed`; " +
  "see `components.responses.MethodNotAllowed`) with `Allow` naming the methods the path has. " +
  "`HEAD` is answered wherever `GET` is, and `OPTIONS` answers `204` with the same `Allow`.";

/** What any operation that uses the database answers while it cannot be reached, for `info.description`. */
export const DATABASE_UNAVAILABLE_DESCRIPTION =
  "While the database cannot be reached (a lost or refused connection, none free within 10 s), an operation " +
  "that uses it answers `503` with `Retry-After` (problem JSON, code `service_unavailable`; OAuth's " +
  "`temporarily_unavailable` on the token endpoints; see `components.responses.ServiceUnavailable`): " +
  "nothing was wrong with the request, and the same request succeeds once the database is back.";

/** The 503 of an operation whose database could not be reached. */
export const SERVICE_UNAVAILABLE = {
  ...problem("service_unavailable: the database could not be reached just now; try again after Retry-After"),
  headers: { "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "string" } } },
};

/** The 405 of a method a path does not have, with the `Allow` header it carries. */
export const METHOD_NOT_ALLOWED = {
  ...problem("method_not_allowed: the path does not have this method"),
  headers: {
    Allow: {
      description: 'The methods the path answers, e.g. "GET, HEAD, OPTIONS, PATCH"',
      schema: { type: "string" },
    },
  },
};

/** The paths with the edge's refusals documented on every operation they can reach. */
export function withEdgeRefusals(paths: OpenApiPaths): OpenApiPaths {
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => {
          const responses = { ...(operation.responses as Record<string, unknown>) };
          if (!SAFE_METHODS.has(method)) responses["403"] ??= CROSS_SITE;
          if (operation.requestBody && !OAUTH_PATHS.has(path)) responses["415"] ??= MEDIA_TYPE;
          responses["431"] ??= HEADERS_TOO_LARGE;
          return [method, { ...operation, responses }];
        }),
      ),
    ]),
  );
}
