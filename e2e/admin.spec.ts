// The admin console (/admin): an Admin creates a manager, the manager invites an employee, a
// manager works on their own subtree only, a permission taken from a role applies on the next
// click, the audit page shows what happened, and every form works without JavaScript. Each test
// makes its own Admin, users and custom roles (never touching the built-in ones), so the tests
// run in parallel against one database.
import type { Locator, Page } from "@playwright/test";
import {
  createRoleThroughApi,
  createUserThroughApi,
  grantRoleInDatabase,
  idFromUrl,
  otherBrowser,
  roleIds,
  signedInBrowser,
  signInNewAdmin,
  uniqueRoleName,
} from "./support/admin";
import { E2E_BASE_URL } from "./support/env";
import { expect, test } from "./support/fixtures";
import { linkIn, waitForEmail } from "./support/mailbox";
import {
  EMAIL_TIMEOUT_MS,
  RESET_SUBJECT,
  logIn,
  logOut,
  registerAndActivate,
  uniqueUser,
  type TestUser,
} from "./support/users";

// Every test registers its Admin (an activation email through the worker); the first also waits
// for an invitation email.
test.describe.configure({ timeout: 180_000 });

const INVITATION_SUBJECT = /You have been invited to Authcore/;

const adminNav = (page: Page) => page.getByRole("navigation", { name: "Administration" });
const headerNav = (page: Page) => page.getByRole("navigation", { name: "Account" });
/** The notice a page shows instead of its content to someone without the permission it needs. */
const accessDenied = (page: Page) =>
  page.getByRole("main").getByRole("alert").filter({ hasText: "You do not have access to this page" });

/** Fills the "New user" form (the password only when given) and submits it. */
async function fillNewUser(form: Locator, user: TestUser, { password }: { password?: string } = {}) {
  await form.getByLabel("Username").fill(user.username);
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("First name").fill(user.firstName);
  await form.getByLabel("Last name").fill(user.lastName);
  if (password) await form.getByLabel("Password (optional)", { exact: true }).fill(password);
}

/** The audit table's rows of one type that mention `text` (a username). */
const auditRows = (page: Page, type: string, text: string) =>
  page.locator(`tbody tr[data-event-type="${type}"]`).filter({ hasText: text });

test("an Admin creates a manager, who invites an employee; the employee accepts the invitation and signs in", async ({
  page,
  browser,
}) => {
  const admin = await signInNewAdmin(page);
  // The header offers the console to people who may use part of it.
  await page.goto("/account");
  await headerNav(page).getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(adminNav(page).getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await expect(adminNav(page).getByRole("link")).toHaveText(["Users", "Roles", "Audit", "Security"]);

  await page.getByRole("link", { name: "New user" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New user" })).toBeVisible();
  const manager = uniqueUser("mgr");
  const create = page.locator("form#create-user");
  await fillNewUser(create, manager, { password: manager.password });
  // The default role is pre-checked; the Admin role (the Admin's own level) is not offered.
  await expect(create.getByRole("checkbox", { name: "Employee (level 999)" })).toBeChecked();
  await expect(create.getByRole("checkbox", { name: "Admin (level 1)" })).toHaveCount(0);
  await create.getByRole("checkbox", { name: "Employee (level 999)" }).uncheck();
  await create.getByRole("checkbox", { name: "Manager (level 2)" }).check();
  await create.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[\w-]+\?notice=created$/);
  const managerId = idFromUrl(page.url());
  await expect(page.getByRole("main").getByRole("status").first()).toHaveText("The user has been created.");
  await expect(page.getByRole("heading", { level: 1, name: manager.username })).toBeVisible();
  await expect(page.locator(".facts")).toContainText(manager.email);
  await expect(page.locator(".facts dd").last()).toHaveText("Manager");

  // The manager signs in in another browser and invites an employee (no password).
  const managerBrowser = await signedInBrowser(browser, manager);
  const mp = managerBrowser.page;
  await headerNav(mp).getByRole("link", { name: "Admin" }).click();
  await expect(mp).toHaveURL(/\/admin\/users$/);
  await expect(mp.getByText("Nobody reports to you yet.")).toBeVisible();
  // A Manager may see users and roles, not the audit trail.
  await expect(adminNav(mp).getByRole("link")).toHaveText(["Users", "Roles"]);
  await mp.getByRole("link", { name: "New user" }).click();
  const employee = uniqueUser("emp");
  const invite = mp.locator("form#create-user");
  await fillNewUser(invite, employee);
  // Only roles below the manager's own level are offered; the manager is the default manager.
  await expect(invite.getByRole("checkbox", { name: "Manager (level 2)" })).toHaveCount(0);
  await expect(invite.getByRole("checkbox", { name: "Employee (level 999)" })).toBeChecked();
  await expect(invite.getByLabel("Manager", { exact: true })).toHaveValue(managerId);
  await expect(invite.getByText("Leave empty to email an invitation")).toBeVisible();
  await invite.getByRole("button", { name: "Create user" }).click();
  await expect(mp).toHaveURL(/\/admin\/users\/[\w-]+\?notice=invited$/);
  const employeeId = idFromUrl(mp.url());
  await expect(mp.getByRole("main").getByRole("status").first()).toContainText("an invitation to choose a password");

  // The employee opens the invitation, chooses a password and is signed in.
  const invitation = await waitForEmail(employee.email, INVITATION_SUBJECT, EMAIL_TIMEOUT_MS);
  const employeeBrowser = await otherBrowser(browser);
  const ep = employeeBrowser.page;
  await ep.goto(linkIn(invitation, `${E2E_BASE_URL}/invitation?token=`));
  const accept = ep.locator("form#invitation");
  await accept.getByLabel("Password", { exact: true }).fill(employee.password);
  await accept.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(ep).toHaveURL(/\/account\?notice=activated$/);
  await logOut(ep);
  await logIn(ep, employee.username, employee.password);
  // An Employee has no console permission: no Admin link, and /admin says so.
  await expect(headerNav(ep).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await ep.goto("/admin");
  await expect(accessDenied(ep)).toBeVisible();
  await expect(adminNav(ep)).toHaveCount(0);
  await employeeBrowser.close();

  // The manager now sees their report, email included.
  await mp.goto("/admin/users");
  const row = mp.locator(`tbody tr[data-user-id="${employeeId}"]`);
  await expect(row).toContainText(employee.email);
  await expect(row.getByRole("link", { name: employee.username })).toHaveAttribute(
    "href",
    `/admin/users/${employeeId}`,
  );
  await managerBrowser.close();

  // The audit trail shows who created the manager, and the manager's sign-in.
  await page.goto(`/admin/audit?userId=${managerId}`);
  await expect(auditRows(page, "user.created", admin.username)).toHaveCount(1);
  await expect(page.locator('tbody tr[data-event-type="login.succeeded"]')).toHaveCount(1);
  await page.goto(`/admin/audit?userId=${employeeId}&type=user.created`);
  await expect(auditRows(page, "user.created", manager.username)).toHaveCount(1);
  await expect(page.locator("tbody tr")).toHaveCount(1);
});

test("a manager edits their own report, sees only the name of a peer's report and cannot change them", async ({
  page,
  browser,
}) => {
  const admin = await signInNewAdmin(page);
  const roles = await roleIds(page.request);
  const [managerA, managerB, reportA, reportB] = ["mgra", "mgrb", "repa", "repb"].map((prefix) => uniqueUser(prefix));
  const managerAId = await createUserThroughApi(page.request, managerA!, { roleIds: [roles.Manager!] });
  const managerBId = await createUserThroughApi(page.request, managerB!, { roleIds: [roles.Manager!] });
  const reportAId = await createUserThroughApi(page.request, reportA!, {
    roleIds: [roles.Employee!],
    managerId: managerAId,
  });
  const reportBId = await createUserThroughApi(page.request, reportB!, {
    roleIds: [roles.Employee!],
    managerId: managerBId,
  });

  const managerBrowser = await signedInBrowser(browser, managerA!);
  const mp = managerBrowser.page;
  await mp.goto("/admin/users");
  // The team view: their report with email; the peer's report is not listed.
  await expect(mp.locator(`tbody tr[data-user-id="${reportAId}"]`)).toContainText(reportA!.email);
  await expect(mp.locator(`tbody tr[data-user-id="${reportBId}"]`)).toHaveCount(0);
  await expect(mp.getByRole("main")).not.toContainText(reportB!.username);

  // The manager renames their report.
  await mp.getByRole("link", { name: reportA!.username }).click();
  await expect(mp.getByRole("heading", { level: 1, name: reportA!.username })).toBeVisible();
  const profile = mp.locator("form#user-profile");
  await profile.getByLabel("First name").fill("Grace");
  await profile.getByLabel("Last name").fill("Hopper");
  await profile.getByRole("button", { name: "Save details" }).click();
  await expect(profile.getByRole("status")).toHaveText("The details have been saved.");
  await expect(mp.locator(".facts")).toContainText("Grace Hopper");
  // A Manager's own role is not theirs to give or take: shown, but disabled.
  const rolesForm = mp.locator("form#user-roles");
  await expect(rolesForm.getByRole("checkbox", { name: "Manager (level 2)" })).toBeDisabled();
  await expect(rolesForm.getByRole("checkbox", { name: "Employee (level 999)" })).toBeEnabled();

  // The report is signed out everywhere, and gets a password reset link.
  const reportBrowser = await signedInBrowser(browser, reportA!);
  const access = mp.locator("form#user-access");
  await access.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(access.getByRole("status")).toHaveText("1 session has been signed out.");
  await reportBrowser.page.goto("/account");
  await expect(reportBrowser.page).toHaveURL(/\/login\?/);
  await reportBrowser.close();
  await access.getByRole("button", { name: "Send password reset link" }).click();
  await expect(access.getByRole("status")).toHaveText(
    "A password reset link is on its way to the user's email address.",
  );
  await waitForEmail(reportA!.email, RESET_SUBJECT, EMAIL_TIMEOUT_MS);
  // Disabled, then enabled again.
  const status = mp.locator("form#user-status");
  await status.getByRole("button", { name: "Disable account" }).click();
  await expect(status.getByRole("status")).toHaveText("The account is disabled, and every session has ended.");
  await expect(mp.locator(".facts")).toContainText("Disabled");
  await status.getByRole("button", { name: "Enable account" }).click();
  await expect(status.getByRole("status")).toHaveText("The account is enabled.");
  await expect(mp.locator(".facts")).toContainText("Active");

  // The peer's report: name and roles only, no email and no forms.
  await mp.goto(`/admin/users/${reportBId}`);
  await expect(mp.getByRole("heading", { level: 1, name: reportB!.username })).toBeVisible();
  await expect(mp.getByRole("main")).toContainText("not below you in the management chain");
  await expect(mp.getByRole("main")).not.toContainText(reportB!.email);
  await expect(mp.locator("main form")).toHaveCount(0);

  // A forged server action (their report's form, the peer's report's id) is refused by the server…
  await mp.goto(`/admin/users/${reportAId}`);
  const forged = mp.locator("form#user-profile");
  await forged.locator('input[name="id"]').evaluate((input, id) => ((input as HTMLInputElement).value = id), reportBId);
  await forged.getByLabel("Last name").fill("Forged");
  await forged.getByRole("button", { name: "Save details" }).click();
  await expect(forged.getByRole("alert")).toContainText("The user is not below you in the management chain.");
  // …and so is the same change through the API with the manager's cookie.
  const patched = await mp.request.patch(`/api/v1/users/${reportBId}`, { data: { lastName: "Forged" } });
  expect(patched.status()).toBe(403);
  expect(((await patched.json()) as { code: string }).code).toBe("forbidden");
  // The audit trail is not the manager's to read.
  await mp.goto("/admin/audit");
  await expect(accessDenied(mp)).toContainText("audit:read");
  await managerBrowser.close();

  // The peer's report is unchanged; the report's rename is in the audit trail, by the manager.
  const peer = await page.request.get(`/api/v1/users/${reportBId}`);
  expect(((await peer.json()) as { lastName: string }).lastName).toBe(reportB!.lastName);
  await page.goto(`/admin/audit?userId=${reportAId}`);
  await expect(auditRows(page, "user.updated", managerA!.username)).toHaveCount(1);
  await expect(auditRows(page, "user.created", admin.username)).toHaveCount(1);
  await expect(auditRows(page, "sessions.revoked_all", managerA!.username)).toHaveCount(1);
  // Newest first.
  const types = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.eventType));
  const order = ["account.enabled", "account.disabled", "sessions.revoked_all", "user.updated", "user.created"];
  expect(types.filter((type) => order.includes(type ?? ""))).toEqual(order);
});

test("a permission taken away from a custom role applies on the manager's next click", async ({ page, browser }) => {
  const admin = await signInNewAdmin(page);
  const roles = await roleIds(page.request);
  const roleName = uniqueRoleName("Team lead");
  const roleId = await createRoleThroughApi(page.request, {
    name: roleName,
    level: 500,
    permissions: ["users:read", "users:update", "roles:read"],
  });
  const lead = uniqueUser("lead");
  const leadId = await createUserThroughApi(page.request, lead, { roleIds: [roleId] });
  const report = uniqueUser("rep");
  const reportId = await createUserThroughApi(page.request, report, {
    roleIds: [roles.Employee!],
    managerId: leadId,
  });

  const leadBrowser = await signedInBrowser(browser, lead);
  const lp = leadBrowser.page;
  await lp.goto("/admin");
  await expect(lp).toHaveURL(/\/admin\/users$/);
  await expect(adminNav(lp).getByRole("link")).toHaveText(["Users", "Roles"]);
  await lp.getByRole("link", { name: report.username }).click();
  await expect(lp.getByRole("heading", { level: 1, name: report.username })).toBeVisible();

  // The Admin takes users:read away from the role.
  await page.goto("/admin/roles");
  await page.getByRole("link", { name: roleName }).click();
  await expect(page).toHaveURL(`/admin/roles/${roleId}`);
  const edit = page.locator("form#edit-role");
  await expect(edit.getByRole("checkbox", { name: /^users:read / })).toBeChecked();
  await edit.getByRole("checkbox", { name: /^users:read / }).uncheck();
  await edit.getByRole("button", { name: "Save role" }).click();
  await expect(edit.getByRole("status")).toHaveText(`The role ${roleName} has been saved.`);

  // The lead's next click: the Users page refuses, and its link is gone from the console's navigation.
  await adminNav(lp).getByRole("link", { name: "Users" }).click();
  await expect(lp).toHaveURL(/\/admin\/users$/);
  await expect(accessDenied(lp)).toContainText("users:read");
  await expect(adminNav(lp).getByRole("link")).toHaveText(["Roles"]);
  await lp.goto(`/admin/users/${reportId}`);
  await expect(accessDenied(lp)).toContainText("users:read");
  await expect(lp.getByRole("main")).not.toContainText(report.email);
  // roles:read is left, so the console still opens, on Roles.
  await lp.goto("/admin");
  await expect(lp).toHaveURL(/\/admin\/roles$/);
  await expect(headerNav(lp).getByRole("link", { name: "Admin" })).toBeVisible();
  await leadBrowser.close();

  // The change is in the audit trail, by the Admin.
  await page.goto("/admin/audit?type=role.updated");
  await expect(auditRows(page, "role.updated", admin.username)).toHaveCount(1);
});

test("roles: an Admin creates a custom role, sees it listed with its users, and deletes it once unused", async ({
  page,
}) => {
  await signInNewAdmin(page);
  await page.goto("/admin/roles");
  // Built-in roles are marked; the Admin's own role is shown but not editable.
  const managerRow = page.locator("tbody tr").filter({ has: page.getByRole("link", { name: "Manager", exact: true }) });
  await expect(managerRow).toContainText("Built-in");
  const roleName = uniqueRoleName("Auditor");
  const create = page.locator("form#create-role");
  await create.getByLabel("Name").fill(roleName);
  await create.getByLabel("Level").fill("1");
  await create.getByRole("checkbox", { name: /^audit:read / }).check();
  await create.getByRole("button", { name: "Create role" }).click();
  // A level at or above the Admin's own is refused.
  await expect(create.getByRole("alert")).toContainText("Roles can only be created below your own level.");
  await create.getByLabel("Level").fill("700");
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(create.getByRole("status")).toHaveText(`The role ${roleName} has been created.`);
  const row = page.locator("tbody tr", { hasText: roleName });
  await expect(row).toContainText("audit:read");
  await expect(row.locator("td").first()).toHaveText("700");

  await row.getByRole("link", { name: roleName }).click();
  const remove = page.locator("form#delete-role");
  await remove.getByRole("button", { name: "Delete role" }).click();
  await expect(remove.getByRole("alert")).toContainText("Confirm the deletion first.");
  await remove.getByLabel(`Yes, delete the role ${roleName}`).check();
  await remove.getByRole("button", { name: "Delete role" }).click();
  await expect(page).toHaveURL(/\/admin\/roles\?notice=deleted$/);
  await expect(page.getByRole("main").getByRole("status").first()).toHaveText("The role has been deleted.");
  await expect(page.locator("tbody tr", { hasText: roleName })).toHaveCount(0);

  // An id that names nobody is a 404.
  expect((await page.request.get("/admin/roles/no-such-role")).status()).toBe(404);
  expect((await page.request.get("/admin/users/no-such-user")).status()).toBe(404);

  // The Admin role (the Admin's own level) is read-only.
  await page.locator("tbody").getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page.locator("form#edit-role").getByRole("button", { name: "Save role" })).toHaveCount(0);
  await expect(page.locator("form#edit-role").getByRole("checkbox").first()).toBeDisabled();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("search, create, edit and delete (with its confirmation step) work as plain HTML forms", async ({ page }) => {
    const admin = await registerAndActivate(page, uniqueUser("nojsadm"), { signedIn: true });
    await grantRoleInDatabase(admin.username, "Admin");
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/admin\/users$/);

    await page.getByRole("link", { name: "New user" }).click();
    const user = uniqueUser("nojs");
    const create = page.locator("form#create-user");
    await fillNewUser(create, user, { password: "short" });
    await create.getByRole("button", { name: "Create user" }).click();
    // The server renders the errors, keeps the values (never the password) and focuses the field.
    const failed = page.locator("form#create-user");
    await expect(failed.getByRole("alert")).toContainText("Please correct the highlighted fields.");
    await expect(failed.getByLabel("Password (optional)", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(failed.getByLabel("Password (optional)", { exact: true })).toBeFocused();
    await expect(failed.getByLabel("Password (optional)", { exact: true })).toHaveValue("");
    await expect(failed.getByLabel("Username")).toHaveValue(user.username);
    await failed.getByLabel("Password (optional)", { exact: true }).fill(user.password);
    await failed.getByRole("button", { name: "Create user" }).click();
    await expect(page).toHaveURL(/\/admin\/users\/[\w-]+\?notice=created$/);
    const userId = idFromUrl(page.url());

    const profile = page.locator("form#user-profile");
    await profile.getByLabel("First name").fill("Katherine");
    await profile.getByRole("button", { name: "Save details" }).click();
    await expect(page.locator("form#user-profile").getByRole("status")).toHaveText("The details have been saved.");
    await expect(page.locator(".facts")).toContainText("Katherine");

    // The search is a GET form: the list is a URL.
    await page.goto("/admin/users");
    await page.getByRole("searchbox", { name: "Search" }).fill(user.username);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${user.username}&`));
    await expect(page.locator("tbody tr")).toHaveCount(1);
    await page.getByRole("link", { name: user.username }).click();
    await expect(page).toHaveURL(`/admin/users/${userId}`);

    // Deleting needs the confirmation box: without it the server asks for it.
    await page.locator("form#user-delete").getByRole("button", { name: "Delete user" }).click();
    const remove = page.locator("form#user-delete");
    await expect(remove.getByRole("alert")).toContainText("Confirm the deletion first.");
    await remove.getByLabel(`Yes, delete ${user.username} permanently`).check();
    await remove.getByRole("button", { name: "Delete user" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?notice=deleted$/);
    await page.goto(`/admin/users?q=${user.username}`);
    await expect(page.getByText("Nobody matches.")).toBeVisible();
  });
});
