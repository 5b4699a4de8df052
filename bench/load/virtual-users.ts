// The virtual users of the load benchmark. Each has its own client address (X-Forwarded-For,
// trusted from the balancer), so rate limits and brute-force budgets apply per user as in
// production, and thinks between requests (uniformly 0.5–1.5 × the think time). Four kinds:
// - newcomers sign up: register → the activation email → activate → log in → /me → sessions →
//   password grant → refresh → Bearer /me → log out and revoke, replaying what was revoked; then
//   they stay on as browser users;
// - browser users sign in with a cookie, use /me, their sessions and pages, and sign out after a
//   visit, replaying the old cookie (it must get 401);
// - API clients take a token family, use Bearer /me and rotate refresh tokens, and revoke it,
//   replaying the access and refresh tokens;
// - anonymous visitors load the health route, the sign-in page and the public keys.
// Password hashing (bcrypt cost 10, a pool of one thread per core) bounds sign-ins per second on
// two cores, so sign-ins are spread: starts are staggered over the ramp, visits are long.
import { randomBytes } from "node:crypto";
import type { FakeResend, ReceivedEmail } from "../../lib/testing/fake-resend";
import type { Answer, Recorder } from "./record";

export type Account = { username: string; password: string };

export type Plan = {
  users: number;
  /** Seconds from the start until users stop starting new work. */
  durationS: number;
  /** Starts are spread over the first rampS seconds. */
  rampS: number;
  thinkMs: number;
  /** Requests in one signed-in visit before signing out. */
  visitActions: number;
};

export type Outcome = {
  /** Addresses a registration was accepted for (201): each is owed exactly one activation email. */
  registered: string[];
  signUps: number;
  visits: number;
  /** Answers no step expected that are not the stack's failures (a 4xx where 2xx was due), by route. */
  unexpected: Map<string, number>;
};

type Kind = "newcomer" | "browser" | "api" | "anonymous";
const KINDS: Kind[] = [
  "newcomer",
  "browser",
  "browser",
  "browser",
  "api",
  "api",
  "api",
  "anonymous",
  "anonymous",
  "anonymous",
];

/** Waits for emails by recipient, as they reach the local Resend-compatible server. */
export class Mailbox {
  private readonly received = new Map<string, ReceivedEmail[]>();
  private readonly waiters = new Map<string, (email: ReceivedEmail) => void>();
  private readonly unsubscribe: () => void;

  constructor(resend: FakeResend) {
    this.unsubscribe = resend.onEmail((email) => {
      for (const to of email.to) {
        const key = to.toLowerCase();
        this.received.set(key, [...(this.received.get(key) ?? []), email]);
        this.waiters.get(key)?.(email);
      }
    });
  }

  next(to: string, timeoutMs: number): Promise<ReceivedEmail | null> {
    const key = to.toLowerCase();
    const first = this.received.get(key)?.[0];
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(null);
      }, timeoutMs);
      this.waiters.set(key, (email) => {
        clearTimeout(timer);
        this.waiters.delete(key);
        resolve(email);
      });
    });
  }

  count(to: string): number {
    return this.received.get(to.toLowerCase())?.length ?? 0;
  }

  close(): void {
    this.unsubscribe();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const JSON_TYPE = { "content-type": "application/json" };
const FORM_TYPE = { "content-type": "application/x-www-form-urlencoded" };

function cookiesOf(answer: Answer): string {
  return ([] as string[])
    .concat(answer.headers["set-cookie"] ?? [])
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

function tokensOf(answer: Answer): { access: string; refresh: string } | null {
  if (answer.status !== 200) return null;
  const body = JSON.parse(answer.body) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

/** Runs `plan.users` virtual users until plan.durationS; resolves when every one has finished its step. */
export async function runVirtualUsers(options: {
  recorder: Recorder;
  plan: Plan;
  mailbox: Mailbox;
  /** Existing active accounts for browser users and API clients (one each, in order). */
  accounts: Account[];
  /** Prefix of the usernames newcomers register (unique per run). */
  runId: string;
}): Promise<Outcome> {
  const { recorder, plan, mailbox, accounts, runId } = options;
  const outcome: Outcome = { registered: [], signUps: 0, visits: 0, unexpected: new Map() };
  const deadline = () => recorder.now() >= plan.durationS;
  let nextAccount = 0;

  async function user(index: number): Promise<void> {
    const kind = KINDS[index % KINDS.length]!;
    const address = `10.77.${Math.floor(index / 250)}.${(index % 250) + 1}`;
    const think = () => sleep(plan.thinkMs * (0.5 + Math.random()));
    // A well-behaved client waits as long as a 503 or 429 asks before its next request.
    const call = async (
      route: string,
      method: string,
      path: string,
      headers: Record<string, string> = {},
      body?: string,
    ) => {
      const answer = await recorder.send(route, method, path, { "x-forwarded-for": address, ...headers }, body);
      const retryAfter = Number(answer.headers["retry-after"]);
      if ((answer.status === 503 || answer.status === 429) && retryAfter > 0)
        await sleep(Math.min(retryAfter, 30) * 1000);
      return answer;
    };
    /** Whether the answer is the one expected; anything else below 500 is counted as unexpected. */
    const check = (answer: Answer, status: number, route: string): boolean => {
      if (answer.status === status) return true;
      if (answer.status !== 0 && answer.status < 500) {
        outcome.unexpected.set(
          `${route} → ${answer.status}`,
          (outcome.unexpected.get(`${route} → ${answer.status}`) ?? 0) + 1,
        );
      }
      return false;
    };
    const replay = async (
      route: string,
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: string,
    ) => {
      const answer = await call(route, method, path, headers, body);
      if (answer.status >= 200 && answer.status < 300)
        recorder.wronglyAccepted.push(`${route} at ${recorder.now().toFixed(1)} s`);
    };

    /** One signed-in browser visit: sign in, use, sign out, replay the signed-out cookie. */
    async function browserVisit(account: Account): Promise<void> {
      const login = await call(
        "POST /api/v1/auth/login",
        "POST",
        "/api/v1/auth/login",
        JSON_TYPE,
        JSON.stringify({ identifier: account.username, password: account.password }),
      );
      if (!check(login, 200, "POST /api/v1/auth/login")) return think();
      const cookie = { cookie: cookiesOf(login) };
      for (let action = 0; action < plan.visitActions && !deadline(); action++) {
        await think();
        if (action % 3 === 0)
          check(await call("GET /api/v1/me (cookie)", "GET", "/api/v1/me", cookie), 200, "GET /api/v1/me (cookie)");
        else if (action % 3 === 1)
          check(
            await call("GET /api/v1/auth/sessions", "GET", "/api/v1/auth/sessions", cookie),
            200,
            "GET /api/v1/auth/sessions",
          );
        else check(await call("GET /account (page)", "GET", "/account", cookie), 200, "GET /account (page)");
      }
      await think();
      const logout = await call("POST /api/v1/auth/logout", "POST", "/api/v1/auth/logout", {
        ...cookie,
        origin: recorder.origin,
      });
      if (!check(logout, 204, "POST /api/v1/auth/logout")) return;
      await replay("replay signed-out cookie", "GET", "/api/v1/me", cookie);
      outcome.visits++;
    }

    /** One API client's token family: password grant, use and rotate, revoke, replay. */
    async function apiVisit(account: Account, actions: number): Promise<void> {
      const grant = await call(
        "POST /api/v1/auth/token (password)",
        "POST",
        "/api/v1/auth/token",
        FORM_TYPE,
        new URLSearchParams({
          grant_type: "password",
          identifier: account.username,
          password: account.password,
        }).toString(),
      );
      let tokens = check(grant, 200, "POST /api/v1/auth/token (password)") ? tokensOf(grant) : null;
      if (!tokens) return think();
      const used: string[] = [];
      for (let action = 0; action < actions && !deadline(); action++) {
        await think();
        if (action % 2 === 0) {
          const me = await call("GET /api/v1/me (Bearer)", "GET", "/api/v1/me", {
            authorization: `Bearer ${tokens.access}`,
          });
          check(me, 200, "GET /api/v1/me (Bearer)");
        } else {
          const refreshed = await call(
            "POST /api/v1/auth/token (refresh)",
            "POST",
            "/api/v1/auth/token",
            FORM_TYPE,
            new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh }).toString(),
          );
          const next = check(refreshed, 200, "POST /api/v1/auth/token (refresh)") ? tokensOf(refreshed) : null;
          // A failed refresh leaves the family's state unknown to the client: it signs in again next visit.
          if (!next) return;
          used.push(tokens.refresh);
          tokens = next;
        }
      }
      await think();
      const revoke = await call(
        "POST /api/v1/auth/revoke",
        "POST",
        "/api/v1/auth/revoke",
        FORM_TYPE,
        new URLSearchParams({ token: tokens.refresh }).toString(),
      );
      if (!check(revoke, 200, "POST /api/v1/auth/revoke")) return;
      await replay("replay revoked access token", "GET", "/api/v1/me", { authorization: `Bearer ${tokens.access}` });
      for (const refresh of [tokens.refresh, ...used.slice(-1)]) {
        await replay(
          "replay revoked refresh token",
          "POST",
          "/api/v1/auth/token",
          FORM_TYPE,
          new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh }).toString(),
        );
      }
      outcome.visits++;
    }

    /** register → email → activate, then a browser visit and an API visit with the new account. */
    async function signUp(): Promise<Account | null> {
      const username = `${runId}${index}x${randomBytes(3).toString("hex")}`;
      const account = { username, password: `Load-${randomBytes(9).toString("base64url")}` };
      const email = `${username}@example.test`;
      const registered = await call(
        "POST /api/v1/auth/register",
        "POST",
        "/api/v1/auth/register",
        JSON_TYPE,
        JSON.stringify({ username, email, password: account.password }),
      );
      if (!check(registered, 201, "POST /api/v1/auth/register")) return null;
      outcome.registered.push(email);
      const mail = await mailbox.next(email, 120_000);
      const token = /activate\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "")?.[1];
      if (!token) return null;
      await think();
      const activated = await call(
        "POST /api/v1/auth/activate",
        "POST",
        "/api/v1/auth/activate",
        JSON_TYPE,
        JSON.stringify({ token, password: account.password }),
      );
      if (!check(activated, 200, "POST /api/v1/auth/activate")) return null;
      outcome.signUps++;
      return account;
    }

    await sleep((plan.rampS * 1000 * index) / plan.users);
    if (kind === "anonymous") {
      const pages = [
        ["GET /api/health", "/api/health"],
        ["GET /login (page)", "/login"],
        ["GET /.well-known/jwks.json", "/.well-known/jwks.json"],
      ] as const;
      for (let i = 0; !deadline(); i++) {
        const [route, path] = pages[i % pages.length]!;
        check(await call(route, "GET", path), 200, route);
        await think();
      }
      return;
    }
    let account: Account | null = null;
    if (kind === "newcomer") {
      while (!account && !deadline()) {
        account = await signUp();
        if (!account) await think();
      }
      if (account && !deadline()) await apiVisit(account, 2);
    } else {
      account = accounts[nextAccount++] ?? null;
      if (!account) throw new Error("not enough accounts for the virtual users");
    }
    while (account && !deadline()) {
      if (kind === "api") await apiVisit(account, plan.visitActions);
      else await browserVisit(account);
    }
  }

  await Promise.all(Array.from({ length: plan.users }, (_, index) => user(index)));
  return outcome;
}
