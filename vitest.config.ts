import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}` },
      // `server-only` throws outside Next's server bundle; tests run on the server by definition.
      { find: /^server-only$/, replacement: `${root}lib/testing/empty-module.ts` },
    ],
  },
  test: {
    include: ["{lib,app,worker,emails,prisma,components}/**/*.test.{ts,tsx}", "proxy.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup-file.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent", BCRYPT_COST: "4" },
  },
});
