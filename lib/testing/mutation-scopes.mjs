// The folders mutation testing covers (stryker.config.mjs, `npm run test:mutation`).

/** Each scope's code to mutate, and the tests that must notice the mutants (its own). */
export const SCOPES = {
  http: { mutate: ["lib/http/**/*.ts", "lib/errors.ts"], tests: ["lib/http/**/*.test.ts", "lib/errors.test.ts"] },
  validation: { mutate: ["lib/validation/**/*.ts"], tests: ["lib/validation/**/*.test.ts"] },
  keys: { mutate: ["lib/keys/**/*.ts"], tests: ["lib/keys/**/*.test.ts"] },
  auth: { mutate: ["lib/auth/**/*.ts"], tests: ["lib/auth/**/*.test.ts"] },
  accounts: { mutate: ["lib/accounts/**/*.ts"], tests: ["lib/accounts/**/*.test.ts"] },
  oauth: { mutate: ["lib/oauth/**/*.ts"], tests: ["lib/oauth/**/*.test.ts"] },
  authz: { mutate: ["lib/authz/**/*.ts"], tests: ["lib/authz/**/*.test.ts", "app/api/v1/roles/**/*.test.ts"] },
  users: { mutate: ["lib/users/**/*.ts"], tests: ["lib/users/**/*.test.ts", "app/api/v1/users/**/*.test.ts"] },
  audit: { mutate: ["lib/audit/**/*.ts"], tests: ["lib/audit/**/*.test.ts", "app/api/v1/audit/**/*.test.ts"] },
};
