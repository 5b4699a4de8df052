import { test as base, expect } from "@playwright/test";

/**
 * Playwright's `test` with a page that fails the test on any console error or uncaught page
 * error (hydration mismatches, failed actions, broken scripts), so a journey cannot pass while
 * the browser is complaining.
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await provide(page);
    expect(problems, "errors reported by the browser").toEqual([]);
  },
});

export { expect };
