// Two web instances of one build (the http and the https server of e2e/support/serve.ts share
// the database, Redis and the worker): a change of permissions, roles or the active flag made
// through one applies on the very next request to the other.
import { expect, test } from "@playwright/test";
import { E2E_BASE_URL, E2E_HTTPS_BASE_URL } from "./support/env";
import { accessToken, activatedUserThroughApi, grantRole, uniqueRoleName, userId } from "./support/org";

test.use({ ignoreHTTPSErrors: true });

const A = E2E_BASE_URL;
const B = E2E_HTTPS_BASE_URL;

test("a permission, a role and the active flag changed on one instance apply on the next request to the other", async ({
  request,
}) => {
  test.setTimeout(120_000);
  // The https instance starts beside the http one the suite waits for.
  await expect.poll(async () => (await request.get(`${B}/api/health`)).status(), { timeout: 30_000 }).toBe(200);

  const admin = await activatedUserThroughApi(request, A, "inst_admin");
  await grantRole(admin.username, "Admin");
  const lead = await activatedUserThroughApi(request, A, "inst_lead");
  const adminOnB = { headers: { authorization: `Bearer ${await accessToken(request, B, admin)}` } };
  const leadOnA = { headers: { authorization: `Bearer ${await accessToken(request, A, lead)}` } };

  // The Admin (on B) creates a role and gives it to the lead: the lead's next request on A has it.
  const created = await request.post(`${B}/api/v1/roles`, {
    ...adminOnB,
    data: { name: uniqueRoleName("Leads"), level: 40, permissions: ["users:read"] },
  });
  expect(created.status()).toBe(201);
  const role = (await created.json()) as { id: string };
  expect((await request.get(`${A}/api/v1/users`, leadOnA)).status()).toBe(403);
  const leadId = await userId(lead.username);
  const granted = await request.patch(`${B}/api/v1/users/${leadId}`, { ...adminOnB, data: { roleIds: [role.id] } });
  expect(granted.status()).toBe(200);
  expect((await request.get(`${A}/api/v1/users`, leadOnA)).status()).toBe(200);

  // A permission taken from the role on B is gone on A's next request.
  const edited = await request.patch(`${B}/api/v1/roles/${role.id}`, { ...adminOnB, data: { permissions: [] } });
  expect(edited.status()).toBe(200);
  expect((await request.get(`${A}/api/v1/users`, leadOnA)).status()).toBe(403);

  // And given back.
  await request.patch(`${B}/api/v1/roles/${role.id}`, { ...adminOnB, data: { permissions: ["users:read"] } });
  expect((await request.get(`${A}/api/v1/users`, leadOnA)).status()).toBe(200);

  // Disabled on B: the lead's token is refused on A at once.
  const disabled = await request.patch(`${B}/api/v1/users/${leadId}`, { ...adminOnB, data: { isActive: false } });
  expect(disabled.status()).toBe(200);
  expect((await request.get(`${A}/api/v1/me`, leadOnA)).status()).toBe(401);
});
