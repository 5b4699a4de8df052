import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE } from "./env";
import { linkIn, waitForEmail } from "./mailbox";
import { ACTIVATION_SUBJECT, EMAIL_TIMEOUT_MS, uniqueUser, type TestUser } from "./users";

// Organisation fixtures for journeys about users and roles. The API never makes anyone an Admin
// (roles are granted strictly below the granter's level), so the first Admin of a test is made
// the way an operator makes one: in the database, as `npm run db:seed` does.

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:5432/${E2E_DATABASE}` });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Gives the user a role by name (on top of the ones they hold). */
export async function grantRole(username: string, role: string): Promise<void> {
  await sql(
    `INSERT INTO "UserRole" ("userId", "roleId")
     SELECT u."id", r."id" FROM "User" u, "Role" r WHERE u."usernameKey" = lower($1) AND r."name" = $2
     ON CONFLICT DO NOTHING`,
    [username, role],
  );
}

/** The user's id. */
export async function userId(username: string): Promise<string> {
  const [row] = await sql<{ id: string }>(`SELECT "id" FROM "User" WHERE "usernameKey" = lower($1)`, [username]);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

/** Registers and activates an account through the API of `baseURL`. */
export async function activatedUserThroughApi(
  request: APIRequestContext,
  baseURL: string,
  prefix: string,
): Promise<TestUser> {
  const user = uniqueUser(prefix);
  const registered = await request.post(`${baseURL}/api/v1/auth/register`, { data: user });
  expect(registered.status()).toBe(201);
  const email = await waitForEmail(user.email, ACTIVATION_SUBJECT, EMAIL_TIMEOUT_MS);
  const token = new URL(linkIn(email, `${baseURL}/activate?token=`)).searchParams.get("token");
  const activated = await request.post(`${baseURL}/api/v1/auth/activate`, { data: { token, password: user.password } });
  expect(activated.status()).toBe(200);
  return user;
}

/** An access token for the user from the token endpoint of `baseURL`. */
export async function accessToken(request: APIRequestContext, baseURL: string, user: TestUser): Promise<string> {
  const response = await request.post(`${baseURL}/api/v1/auth/token`, {
    form: { grant_type: "password", identifier: user.username, password: user.password },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A role name no other test uses. */
export const uniqueRoleName = (prefix: string) => `${prefix} ${randomBytes(4).toString("hex")}`;
