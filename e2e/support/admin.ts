// Helpers for the admin console's journeys: an Admin of the test's own (registered through the UI,
// then given the role straight in the database), users and roles created through the API with
// that Admin's cookie, and second browsers for the other people in a journey. Everything a test
// makes has a unique name, so tests run in parallel against one database without noticing each other.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E_BASE_URL, E2E_DATABASE } from "./env";
import { logIn, registerAndActivate, uniqueUser, type TestUser } from "./users";

const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${E2E_DATABASE}`;

/** Gives an existing account a role straight in the database (how a test gets an Admin of its own). */
export async function grantRoleInDatabase(username: string, roleName: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query(
      `INSERT INTO "UserRole" ("userId", "roleId")
       SELECT u."id", r."id" FROM "User" u, "Role" r WHERE u."usernameKey" = lower($1) AND r."name" = $2
       ON CONFLICT DO NOTHING`,
      [username, roleName],
    );
    if (result.rowCount !== 1) throw new Error(`could not give ${username} the role ${roleName}`);
  } finally {
    await client.end();
  }
}

/** Registers and activates a new account in `page` (which stays signed in) and makes it an Admin. */
export async function signInNewAdmin(page: Page): Promise<TestUser> {
  const admin = await registerAndActivate(page, uniqueUser("admin"), { signedIn: true });
  await grantRoleInDatabase(admin.username, "Admin");
  return admin;
}

/** A role name no other test uses. */
export function uniqueRoleName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** Role name → id, as the API lists them to `request`'s signed-in user. */
export async function roleIds(request: APIRequestContext): Promise<Record<string, string>> {
  const response = await request.get("/api/v1/roles");
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: { id: string; name: string }[] };
  return Object.fromEntries(items.map((role) => [role.name, role.id]));
}

/** Creates an account through the API as `request`'s signed-in user; returns its id. */
export async function createUserThroughApi(
  request: APIRequestContext,
  user: TestUser,
  options: { roleIds: string[]; managerId?: string; withPassword?: boolean },
): Promise<string> {
  const response = await request.post("/api/v1/users", {
    data: {
      username: user.username,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      roleIds: options.roleIds,
      ...(options.managerId && { managerId: options.managerId }),
      ...(options.withPassword !== false && { password: user.password }),
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Creates a role through the API as `request`'s signed-in user; returns its id. */
export async function createRoleThroughApi(
  request: APIRequestContext,
  role: { name: string; level: number; permissions: string[] },
): Promise<string> {
  const response = await request.post("/api/v1/roles", { data: role });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

export type OtherBrowser = { context: BrowserContext; page: Page; close: () => Promise<void> };

/**
 * A second person's browser (its own cookies). Like the `page` fixture, it fails the test on a
 * console error or uncaught page error, checked when it is closed.
 */
export async function otherBrowser(browser: Browser): Promise<OtherBrowser> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return {
    context,
    page,
    close: async () => {
      await context.close();
      expect(problems, "errors reported by the second browser").toEqual([]);
    },
  };
}

/** A second browser in which `user` has signed in through the form (landing on /account). */
export async function signedInBrowser(browser: Browser, user: Pick<TestUser, "username" | "password">) {
  const other = await otherBrowser(browser);
  await logIn(other.page, user.username, user.password);
  return other;
}

/** The id at the end of an admin page's URL (/admin/users/<id>?notice=…). */
export function idFromUrl(url: string): string {
  const id = new URL(url).pathname.split("/").at(-1);
  if (!id) throw new Error(`no id in ${url}`);
  return id;
}
