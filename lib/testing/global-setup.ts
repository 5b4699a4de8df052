import { dropDatabase, freshMigratedDatabase } from "./databases";

/**
 * Migrates one template database per test run; every test file then gets its own copy
 * (CREATE DATABASE … TEMPLATE, a few milliseconds), so files run in parallel without sharing rows.
 */
export default async function setup({ provide }: { provide: (key: "templateDatabase", value: string) => void }) {
  const template = `authcore_test_tpl_${process.pid}`;
  await freshMigratedDatabase(template);
  provide("templateDatabase", template);
  return async () => {
    await dropDatabase(template);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
