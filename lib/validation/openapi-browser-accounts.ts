import { amendOperation, problem, type OpenApiPaths } from "./openapi-parts";

// Several accounts in one browser: the X-Active-User header on every operation a session cookie
// may call, `addAccount` on the browser sign-ins (its schema is in their bodies) and what logout
// does to the other accounts.

/** The header parameter, referenced from every cookie-authenticated operation. */
export const activeUserParameter = {
  name: "X-Active-User",
  in: "header",
  required: false,
  description:
    "With the session cookie: the id of the user to act as, one of the accounts signed in in this browser " +
    "(see `addAccount` on POST /api/v1/auth/login). A user id not signed in there answers 401. Without it, the " +
    "browser's active account acts. With a Bearer token it may only name the token's own user (else 401).",
  schema: { type: "string", maxLength: 64 },
};

const SIGN_INS = ["/api/v1/auth/login", "/api/v1/auth/login/verify", "/api/v1/auth/passkey/login"];

const ADD_ACCOUNT =
  " With `addAccount: true` the accounts already signed in in this browser stay signed in and this one becomes " +
  "the active one (at most 5 accounts; the session cookie carries the active one, the `authcore.accounts` cookie " +
  "the others, both encrypted and HttpOnly); without it, the sign-in replaces them all (their sessions are revoked).";

function usesSessionCookie(operation: Record<string, unknown>): boolean {
  const security = operation.security as Record<string, unknown>[] | undefined;
  return security?.some((scheme) => "sessionCookie" in scheme) ?? false;
}

/** The paths with the header parameter added to cookie-authenticated operations and the sign-ins amended. */
export function withBrowserAccounts(paths: OpenApiPaths): OpenApiPaths {
  // Copies only the paths that change: the shared tables keep their own objects.
  const withHeader: OpenApiPaths = Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.values(operations).some(usesSessionCookie)
        ? Object.fromEntries(
            Object.entries(operations).map(([method, operation]) => [
              method,
              usesSessionCookie(operation)
                ? {
                    ...operation,
                    parameters: [
                      ...((operation.parameters as unknown[] | undefined) ?? []),
                      { $ref: "#/components/parameters/ActiveUser" },
                    ],
                  }
                : operation,
            ]),
          )
        : operations,
    ]),
  );
  let amended = withHeader;
  for (const path of SIGN_INS) {
    amended = amendOperation(amended, path, "post", {
      description: (before) => `${typeof before === "string" ? before : ""}${ADD_ACCOUNT}`.trim(),
      responses: { "409": problem("too_many_accounts: the browser already holds 5 signed-in accounts") },
    });
  }
  return amendOperation(amended, "/api/v1/auth/logout", "post", {
    description: (before) =>
      `${typeof before === "string" ? before : ""} In a browser with several accounts, signs out the active one ` +
      "(or the one X-Active-User names); the others stay signed in and, when the active one left, the next " +
      "becomes active.",
    responses: {},
  });
}
