import type { OpenApiPaths } from "./openapi-parts";

// The groups the reference shows the operations in, in this order: each operation is tagged by
// the longest prefix its path starts with, so a new route joins its group without a line here.

type Tag = { name: string; description: string; prefixes: string[] };

const TAGS: Tag[] = [
  {
    name: "Accounts",
    description: "Registration, activation, sign-in and sign-out, passwords.",
    prefixes: ["/api/v1/auth/"],
  },
  {
    name: "Sessions",
    description: "The signed-in account's sessions: list, revoke, re-authenticate.",
    prefixes: ["/api/v1/auth/sessions", "/api/v1/auth/reauthenticate"],
  },
  {
    name: "Second factor",
    description: "The second step of a sign-in, authenticator apps and recovery codes.",
    prefixes: ["/api/v1/auth/login/verify", "/api/v1/me/mfa"],
  },
  {
    name: "Passkeys",
    description: "Signing in with a passkey, and the passkeys of the signed-in account.",
    prefixes: ["/api/v1/auth/passkey/", "/api/v1/me/passkeys"],
  },
  {
    name: "Tokens",
    description: "Access and refresh tokens for third-party clients (OAuth 2.0 shapes), and the keys to check them.",
    prefixes: ["/api/v1/auth/token", "/api/v1/auth/revoke", "/.well-known/"],
  },
  {
    name: "Your account",
    description: "The signed-in account's profile, photo and activity.",
    prefixes: ["/api/v1/me"],
  },
  {
    name: "Users",
    description: "People, their roles and managers (within the caller's reach).",
    prefixes: ["/api/v1/users"],
  },
  { name: "Roles", description: "Roles, their levels and permissions.", prefixes: ["/api/v1/roles"] },
  {
    name: "Audit",
    description: "The tamper-evident audit trail and the security policy.",
    prefixes: ["/api/v1/audit", "/api/v1/security/"],
  },
  { name: "Service", description: "Health, readiness and this document.", prefixes: ["/api/"] },
];

function tagOf(path: string): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const tag of TAGS) {
    for (const prefix of tag.prefixes) {
      if (path.startsWith(prefix) && prefix.length > (best?.length ?? 0))
        best = { name: tag.name, length: prefix.length };
    }
  }
  return best?.name;
}

/** Every operation tagged with its group (an operation that names its own tags keeps them). */
export function withTags(paths: OpenApiPaths): OpenApiPaths {
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => {
      const tag = tagOf(path);
      if (!tag) return [path, operations];
      return [
        path,
        Object.fromEntries(
          Object.entries(operations).map(([method, operation]) => [
            method,
            "tags" in operation ? operation : { ...operation, tags: [tag] },
          ]),
        ),
      ];
    }),
  );
}

/** The document's list of tags, in the order the reference shows them. */
export const OPENAPI_TAGS = TAGS.map(({ name, description }) => ({ name, description }));
