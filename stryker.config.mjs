// Mutation testing over the rules that guard accounts, one folder at a time (`npm run test:mutation`;
// see docs/testing.md). Not part of `npm test`: a full run takes tens of minutes on two cores.
// MUTATION_SCOPE names the folder; each keeps its own incremental file, so a second run only tests the
// mutants whose code or tests changed.

import { SCOPES } from "./lib/testing/mutation-scopes.mjs";

const name = process.env.MUTATION_SCOPE ?? "";
const scope = SCOPES[name];
if (!scope) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(SCOPES).join(", ")}; got "${name}"`);
process.env.MUTATION_TESTS = scope.tests.join(",");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner", "./lib/testing/mutation-log-ignorer.mjs"],
  ignorers: ["logger-calls"],
  coverageAnalysis: "perTest",
  incremental: true,
  incrementalFile: `reports/mutation/${name}/incremental.json`,
  concurrency: 2,
  timeoutMS: 10_000,
  tempDirName: `.stryker-tmp-${name}`,
  mutate: [...scope.mutate, "!lib/**/*.test.ts", "!lib/**/test-*.ts", "!lib/**/index.ts"],
  ignorePatterns: [
    ".stryker-tmp*",
    ".next*",
    "test-results",
    "playwright-report",
    "coverage",
    "e2e",
    "reports",
    ".data",
  ],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${name}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
  thresholds: { high: 90, low: 80, break: 80 },
};

export default config;
