// Mutation testing over the rules that guard accounts (`npm run test:mutation`; see docs/testing.md).
// Not part of `npm test`: a full run takes tens of minutes on two cores.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts", related: true },
  plugins: ["@stryker-mutator/vitest-runner"],
  coverageAnalysis: "perTest",
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 10_000,
  tempDirName: ".stryker-tmp",
  mutate: [
    "lib/{auth,accounts,oauth,http,validation,authz}/**/*.ts",
    "lib/errors.ts",
    "!lib/**/*.test.ts",
    "!lib/**/test-*.ts",
    "!lib/**/index.ts",
  ],
  ignorePatterns: [".next*", "test-results", "playwright-report", "coverage", "e2e", "reports", ".data"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
};

export default config;
