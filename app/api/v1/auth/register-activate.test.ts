import { describe, expect, it } from "vitest";
import { call, insertUser, lastToken, queuedEmails, STRONG_PASSWORD, uniqueName } from "@/lib/testing/fixtures";
import { ACTIVATION_RESEND_REQUESTED } from "@/lib/accounts/email-requests";
import { sqlStatementsDuring } from "@/lib/accounts/test-fixtures";
import { db } from "@/lib/db";
import { POST as activate } from "./activate/route";
import { POST as resend } from "./activation/resend/route";
import { POST as login } from "./login/route";
import { POST as register } from "./register/route";

const registration = (overrides: Record<string, unknown> = {}) => {
  const username = uniqueName("reg");
  return {
    username,
    email: `${username}@Example.TEST`,
    password: STRONG_PASSWORD,
    firstName: "Ada",
    lastName: "Lovelace",
    ...overrides,
  };
};

describe("POST /api/v1/auth/register", () => {
  it("creates an inactive account with the default role and queues an activation email", async () => {
    const body = registration();
    const response = await call(register, "POST", "/api/v1/auth/register", { body });
    expect(response.status).toBe(201);
    expect(await response.json()).toHaveProperty("message");
    const email = (body.email as string).toLowerCase();
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { roles: { include: { role: true } } } });
    expect(user).toMatchObject({
      username: body.username,
      usernameKey: (body.username as string).toLowerCase(),
      isActive: false,
      firstName: "Ada",
    });
    expect(user.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(user.roles.map((r) => r.role.name)).toEqual(["Employee"]);
    const emails = await queuedEmails(email);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ template: "activation", data: { username: body.username } });
    const stored = await db.actionToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(await lastToken(email, "activation"));
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(47.9 * 3600 * 1000);
  });

  it("answers 409 with errors.username for a username taken in any casing", async () => {
    const existing = await insertUser();
    const response = await call(register, "POST", "/api/v1/auth/register", {
      body: registration({ username: existing.username.toUpperCase() }),
    });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await response.json()).errors.username).toBeDefined();
  });

  it("answers an already-registered email like a success and emails the owner a notice instead", async () => {
    const existing = await insertUser();
    const body = registration({ email: existing.email.toUpperCase() });
    const response = await call(register, "POST", "/api/v1/auth/register", { body });
    expect(response.status).toBe(201);
    expect(await db.user.count({ where: { usernameKey: (body.username as string).toLowerCase() } })).toBe(0);
    const emails = await queuedEmails(existing.email);
    expect(emails.map((e) => e.template)).toEqual(["registration-attempt"]);
  });

  it.each([
    ["too short", "Ab1-xyz", "at least 8"],
    ["common", "password123", "too common"],
    ["containing the username", null, "username"],
    ["containing the email", "email", "email"],
  ])("rejects a %s password with the reason in errors.password", async (_label, password, reason) => {
    const body = registration();
    const chosen =
      password === null
        ? `x${body.username}!9Q`
        : password === "email"
          ? `${String(body.email).toLowerCase()}Z9`
          : password;
    const response = await call(register, "POST", "/api/v1/auth/register", { body: { ...body, password: chosen } });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.errors.password.join(" ")).toContain(reason);
  });

  it("counts password length in code points after NFKC and accepts 128 multi-byte characters", async () => {
    const body = registration({ password: "🔐".repeat(128) });
    expect((await call(register, "POST", "/api/v1/auth/register", { body })).status).toBe(201);
    const tooLong = registration({ password: "é".repeat(129) });
    const response = await call(register, "POST", "/api/v1/auth/register", { body: tooLong });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.password).toBeDefined();
  });

  it.each([
    ["wrong types", { username: 42, email: ["a"], password: true }],
    ["missing fields", {}],
    ["a bad username", registration({ username: "no spaces allowed" })],
    ["a bad email", registration({ email: "not-an-email" })],
    ["a huge string", registration({ firstName: "x".repeat(10_000) })],
    ["a NUL byte", registration({ firstName: "Ada\u0000" })],
    ["a NUL byte in the password", registration({ password: "correct-horse\u0000battery" })],
    ["an array body", [1, 2, 3]],
  ])("answers 400 problem+json for %s", async (_label, body) => {
    const response = await call(register, "POST", "/api/v1/auth/register", { body });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 400, code: "validation_failed" });
    expect(problem.errors).toBeDefined();
  });

  it("answers 400 for malformed JSON, 413 for bodies over 16 KiB, 415 for other media types", async () => {
    expect(
      (
        await call(register, "POST", "/api/v1/auth/register", {
          raw: '{"username":',
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
    const big = JSON.stringify({ ...registration(), padding: "x".repeat(17 * 1024) });
    const tooLarge = await call(register, "POST", "/api/v1/auth/register", {
      raw: big,
      headers: { "content-type": "application/json" },
    });
    expect(tooLarge.status).toBe(413);
    expect(
      (await call(register, "POST", "/api/v1/auth/register", { raw: "a=b", headers: { "content-type": "text/plain" } }))
        .status,
    ).toBe(415);
  });

  it("ignores unknown fields instead of mass-assigning them", async () => {
    const body = registration({ isActive: true, roles: ["Admin"], passwordHash: "x", id: "chosen" });
    expect((await call(register, "POST", "/api/v1/auth/register", { body })).status).toBe(201);
    const user = await db.user.findUniqueOrThrow({
      where: { email: String(body.email).toLowerCase() },
      include: { roles: { include: { role: true } } },
    });
    expect(user.isActive).toBe(false);
    expect(user.id).not.toBe("chosen");
    expect(user.roles.map((r) => r.role.name)).toEqual(["Employee"]);
  });
});

describe("POST /api/v1/auth/activate and /activation/resend", () => {
  async function registered() {
    const body = registration();
    await call(register, "POST", "/api/v1/auth/register", { body });
    const email = String(body.email).toLowerCase();
    return { ...body, email, token: await lastToken(email, "activation") };
  }

  it("activates once; the account can then sign in; a second use is invalid_token", async () => {
    const account = await registered();
    const before = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: account.email, password: account.password },
    });
    expect(before.status).toBe(403);
    expect((await before.json()).code).toBe("account_not_activated");

    const first = await call(activate, "POST", "/api/v1/auth/activate", {
      body: { token: account.token, password: account.password },
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toHaveProperty("message");
    const again = await call(activate, "POST", "/api/v1/auth/activate", {
      body: { token: account.token, password: account.password },
    });
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe("invalid_token");
    const after = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: account.username, password: account.password },
    });
    expect(after.status).toBe(200);
  });

  it("refuses unknown, malformed and expired tokens with invalid_token or 400", async () => {
    const password = STRONG_PASSWORD;
    const unknown = await call(activate, "POST", "/api/v1/auth/activate", {
      body: { token: "A".repeat(43), password },
    });
    expect((await unknown.json()).code).toBe("invalid_token");
    expect((await call(activate, "POST", "/api/v1/auth/activate", { body: { token: 12, password } })).status).toBe(400);
    expect(
      (await call(activate, "POST", "/api/v1/auth/activate", { body: { token: "x".repeat(5000), password } })).status,
    ).toBe(400);

    const account = await registered();
    await db.actionToken.updateMany({
      where: { user: { email: account.email } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await call(activate, "POST", "/api/v1/auth/activate", {
      body: { token: account.token, password: account.password },
    });
    expect(expired.status).toBe(400);
    expect((await expired.json()).code).toBe("invalid_token");
  });

  it("a concurrent double redemption activates exactly once", async () => {
    const account = await registered();
    const body = { token: account.token, password: account.password };
    const results = await Promise.all([1, 2, 3].map(() => call(activate, "POST", "/api/v1/auth/activate", { body })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });

  it("resend always answers 202 and only emails a not-yet-activated account, invalidating the old link", async () => {
    const account = await registered();
    const active = await insertUser();
    for (const email of [account.email, active.email, "nobody@example.test"]) {
      const response = await call(resend, "POST", "/api/v1/auth/activation/resend", { body: { email } });
      expect(response.status).toBe(202);
    }
    expect((await queuedEmails(account.email)).filter((m) => m.template === "activation")).toHaveLength(2);
    expect(await queuedEmails(active.email)).toHaveLength(0);
    expect(await queuedEmails("nobody@example.test")).toHaveLength(0);
    const old = await call(activate, "POST", "/api/v1/auth/activate", {
      body: { token: account.token, password: account.password },
    });
    expect(old.status).toBe(400);
    const fresh = await call(activate, "POST", "/api/v1/auth/activate", {
      body: { token: await lastToken(account.email, "activation"), password: account.password },
    });
    expect(fresh.status).toBe(200);
  });

  it("resend does the same work for a pending and an unknown address: the same SQL, one request row, the same answer", async () => {
    const account = await registered();
    const ask = async (email: string) => {
      let response: Response | undefined;
      const sql = await sqlStatementsDuring(async () => {
        response = await call(resend, "POST", "/api/v1/auth/activation/resend", { body: { email } });
      });
      return { sql, status: response?.status, body: await response?.json() };
    };
    await ask("warm.up@example.test");
    const pending = await ask(account.email);
    const unknown = await ask("nobody.at.all@example.test");
    expect(unknown).toEqual(pending);
    expect(pending.status).toBe(202);
    expect(pending.sql.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([
      expect.stringContaining('INSERT INTO "public"."OutboxMessage"'),
    ]);
    const typed = [account.email, "nobody.at.all@example.test"];
    const rows = await db.outboxMessage.findMany({
      where: { type: ACTIVATION_RESEND_REQUESTED },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.payload).filter((p) => typed.includes((p as { email: string }).email))).toEqual(
      [account.email, "nobody.at.all@example.test"].map((email) => expect.objectContaining({ email })),
    );
  });

  it("resend answers 400 for a malformed email", async () => {
    expect((await call(resend, "POST", "/api/v1/auth/activation/resend", { body: { email: "x" } })).status).toBe(400);
  });
});

describe("activation needs the password chosen at registration", () => {
  async function registered(overrides: Record<string, unknown> = {}) {
    const body = registration(overrides);
    expect((await call(register, "POST", "/api/v1/auth/register", { body })).status).toBe(201);
    const email = String(body.email).toLowerCase();
    return { ...body, email, token: await lastToken(email, "activation") };
  }
  const activation = (token: string, password: string) =>
    call(activate, "POST", "/api/v1/auth/activate", { body: { token, password } });

  it("refuses the token alone (400) and a wrong password (401 invalid_credentials), leaving the link usable", async () => {
    const account = await registered();
    expect((await call(activate, "POST", "/api/v1/auth/activate", { body: { token: account.token } })).status).toBe(
      400,
    );
    const wrong = await activation(account.token, "Not-the-password-42");
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).code).toBe("invalid_credentials");
    const user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
    expect(user).toMatchObject({ isActive: false, emailVerified: null });
    expect((await activation(account.token, account.password)).status).toBe(200);
  });

  it("a stranger who registered someone's address first keeps nothing once the owner registers it", async () => {
    const victim = registration();
    const email = String(victim.email).toLowerCase();
    // The attacker registers the victim's address with a password of their own.
    await registered({ email, password: "Attackers-own-pass-1" });
    const attackersLink = await lastToken(email, "activation");
    // The owner registers too: the pending account is replaced (password, names, username, links).
    await registered({ ...victim, email });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ username: victim.username, firstName: "Ada", isActive: false });
    expect(await db.user.count({ where: { email } })).toBe(1);
    // The first link is dead, and the attacker's password opens nothing.
    expect((await activation(attackersLink, "Attackers-own-pass-1")).status).toBe(400);
    const ownersLink = await lastToken(email, "activation");
    expect((await activation(ownersLink, "Attackers-own-pass-1")).status).toBe(401);
    expect((await activation(ownersLink, victim.password as string)).status).toBe(200);
    const signIn = await call(login, "POST", "/api/v1/auth/login", {
      body: { identifier: email, password: "Attackers-own-pass-1" },
    });
    expect(signIn.status).toBe(401);
  });

  it("re-registering a pending account may keep or change its username, but not take another account's", async () => {
    const first = await registered();
    const taken = await insertUser();
    const clash = await call(register, "POST", "/api/v1/auth/register", {
      body: registration({ email: first.email, username: taken.username }),
    });
    expect(clash.status).toBe(409);
    const again = await call(register, "POST", "/api/v1/auth/register", {
      body: registration({ email: first.email, username: first.username }),
    });
    expect(again.status).toBe(201);
  });

  it("an activated address is never replaced: the owner gets a notice instead", async () => {
    const account = await registered();
    expect((await activation(account.token, account.password)).status).toBe(200);
    const before = await db.user.findUniqueOrThrow({ where: { email: account.email } });
    await registered({ email: account.email, password: "Someone-elses-pass-9" });
    const after = await db.user.findUniqueOrThrow({ where: { email: account.email } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.username).toBe(before.username);
    expect((await queuedEmails(account.email)).map((m) => m.template)).toEqual(["activation", "registration-attempt"]);
  });

  it("the activation email carries a 'this wasn't me' link that deletes the pending account", async () => {
    const account = await registered();
    const [email] = (await queuedEmails(account.email)).filter((m) => m.template === "activation");
    if (email?.template !== "activation") throw new Error("no activation email");
    const { cancelRegistration } = await import("@/lib/accounts");
    await cancelRegistration(email.data.cancelToken, { ip: "192.0.2.1", userAgent: "test" });
    expect(await db.user.count({ where: { email: account.email } })).toBe(0);
    expect((await activation(account.token, account.password)).status).toBe(400);
    await expect(cancelRegistration(email.data.cancelToken, { ip: "192.0.2.1", userAgent: "t" })).rejects.toMatchObject(
      {
        code: "invalid_token",
      },
    );
  });

  it("the 'this wasn't me' link cannot delete an account once it is activated", async () => {
    const account = await registered();
    const [email] = (await queuedEmails(account.email)).filter((m) => m.template === "activation");
    if (email?.template !== "activation") throw new Error("no activation email");
    expect((await activation(account.token, account.password)).status).toBe(200);
    const { cancelRegistration } = await import("@/lib/accounts");
    await expect(cancelRegistration(email.data.cancelToken, { ip: "192.0.2.1", userAgent: "t" })).rejects.toMatchObject(
      {
        code: "invalid_token",
      },
    );
    expect(await db.user.count({ where: { email: account.email } })).toBe(1);
  });

  it("wrong passwords at activation spend the account's sign-in budget", async () => {
    const account = await registered();
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await activation(account.token, `Wrong-pass-${i}-xx`)).status);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 401 && c !== 429)).toEqual([]);
  });

  it("a disabled account cannot be activated", async () => {
    const account = await registered();
    await db.user.update({ where: { email: account.email }, data: { disabledAt: new Date() } });
    expect((await activation(account.token, account.password)).status).toBe(400);
  });
});
