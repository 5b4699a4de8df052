import base from "./vitest.config";

// Stryker's test runs for one folder (see stryker.config.mjs): only that folder's own tests, so a mutant
// counts as killed only when the folder's tests notice it, and a run takes minutes instead of an hour.
const files = (process.env.MUTATION_TESTS ?? "").split(",").filter(Boolean);
if (files.length === 0) throw new Error("MUTATION_TESTS is unset: run mutation tests with npm run test:mutation");

// Not mergeConfig: it would append these files to the base list instead of replacing it.
const config = { ...base, test: { ...base.test, include: files } };

export default config;
