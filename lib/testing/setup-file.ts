import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase } from "./databases";

// Runs before each test file, before the file imports any application module: the file gets
// its own database (a copy of the migrated template) and its own Redis key prefix, and the
// configuration module reads them when it is first imported.
const id = randomBytes(5).toString("hex");
const database = `authcore_test_${id}`;
process.env.DATABASE_URL = await createDatabase(database, inject("templateDatabase"));
process.env.REDIS_KEY_PREFIX = `test:${id}:`;
process.env.TEST_ID = id;

afterAll(async () => {
  const { cleanupTestResources } = await import("./cleanup");
  await cleanupTestResources(id);
  await dropDatabase(database);
});
