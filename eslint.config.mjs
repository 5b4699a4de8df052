import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// lib/ folders that know nothing of the product's rules, and those that hold them.
const FOUNDATIONS = ["config", "log", "errors.ts", "keys", "util", "validation", "db", "redis", "http", "queue"];
const DOMAINS = [
  "audit",
  "auth",
  "authz",
  "users",
  "accounts",
  "oauth",
  "email",
  "jobs",
  "ratelimit",
  "health",
  "photos",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next*/**",
    ".stryker-tmp*/**",
    "reports/**",
    ".next/**",
    "node_modules/**",
    "lib/db/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    // The peers benchmark's Better Auth app: its own package, type-checked by its own build.
    "bench/peers/better-auth/**",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error", "log"] }],
      // Prettier wraps code at 120 columns; this catches the comments it leaves alone.
      "max-len": [
        "error",
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // The layers: app/ → components/ → lib/ ← worker/, and inside lib/ the foundations never
    // reach up into the domain. A wrong import fails `npm run lint`.
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: ["./components", "./lib", "./worker"], from: "./app", message: "Only app/ imports app/." },
            { target: ["./lib", "./worker"], from: "./components", message: "lib/ and worker/ never import UI." },
            { target: ["./app", "./components", "./lib"], from: "./worker", message: "worker/ is an entry point." },
            {
              target: "./lib/auth",
              from: ["./lib/accounts", "./lib/oauth"],
              message: "lib/auth (sessions, passwords, tokens) sits below accounts and OAuth.",
            },
            { target: "./lib/accounts", from: "./lib/oauth", message: "lib/oauth builds on lib/accounts, not back." },
            {
              target: FOUNDATIONS.map((folder) => `./lib/${folder}`),
              from: DOMAINS.map((folder) => `./lib/${folder}`),
              message: "Foundations (config, db, http, …) never depend on a domain folder.",
            },
          ],
        },
      ],
    },
  },
  {
    // Test support is for tests: production code never imports it.
    files: ["{app,components,lib,worker}/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**", "**/test-support/**", "**/test-fixtures.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/testing/*", "@/lib/testing/*"], message: "Test support is for tests only." }] },
      ],
    },
  },
  {
    // Schemas reach the browser: they take zod from lib/validation/z.ts, which keeps it from
    // probing eval under the CSP. (Type-only imports are fine.)
    files: ["lib/validation/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["lib/validation/z.ts", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "zod", message: "Import z from lib/validation/z.ts.", allowTypeImports: true }],
          patterns: [{ group: ["**/testing/*", "@/lib/testing/*"], message: "Test support is for tests only." }],
        },
      ],
    },
  },
  {
    // Only the configuration module reads the environment (tests and entry points set it up).
    files: ["{app,components,lib,worker,emails}/**/*.{ts,tsx}"],
    ignores: ["lib/config/**", "lib/testing/**", "**/*.test.ts", "**/*.test.tsx", "worker/main.ts", "lib/log/index.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from lib/config." },
      ],
    },
  },
]);
