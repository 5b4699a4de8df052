// Fixtures for account and session tests: users created directly in the database, and a small
// client that calls route handlers with real Request objects and keeps the session cookie.
import { hashSync } from "../auth/password/hash";
import { SESSION_COOKIE_NAME } from "../auth/session/cookie";
import type { RequestMeta } from "../auth/session/meta";
import { createSession } from "../auth/session/registry";
import { config } from "../config";
import { issueActionToken } from "../auth/tokens";
import { db, type TokenPurpose } from "../db";
import { EMAIL_MESSAGE_TYPE, type EmailMessage, type SealedEmail } from "../email/messages";
import { openEmail } from "../email/seal";
import { defaultRoleId } from "../accounts/default-role";
import { answerQueuedEmailRequests } from "../accounts/test-fixtures";

export const BASE = "http://localhost:3000";
export const STRONG_PASSWORD = "correct-Horse-battery-9";

let counter = 0;
export function uniqueName(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}${Math.random().toString(36).slice(2, 7)}`;
}

/** An account straight in the database (active unless told otherwise; `password: null` for none). */
export async function insertUser<P extends string | null = string>(
  options: { username?: string; email?: string; password?: P; isActive?: boolean } = {},
) {
  const username = options.username ?? uniqueName();
  const email = (options.email ?? `${username}@example.test`).toLowerCase();
  const password = (options.password === undefined ? STRONG_PASSWORD : options.password) as P;
  const user = await db.user.create({
    data: {
      username,
      usernameKey: username.toLowerCase(),
      email,
      passwordHash: password === null ? null : hashSync(password, config.auth.passwordPepper, config.auth.bcryptCost),
      isActive: options.isActive ?? true,
      // An active account proved its email (activation, Google, an administrator); a pending one has not.
      emailVerified: (options.isActive ?? true) ? new Date() : null,
      roles: { create: { roleId: await defaultRoleId() } },
    },
  });
  return { ...user, password };
}

/** Who the test requests come from (what `call` sends as X-Forwarded-For). */
export const TEST_META: RequestMeta = { ip: "198.51.100.7", userAgent: "vitest" };

/** An account straight in the database with a live session: its row id and the cookie value that carries it. */
export async function insertSignedInUser<P extends string | null = string>(
  options: Parameters<typeof insertUser<P>>[0] = {},
  meta: RequestMeta = TEST_META,
) {
  const user = await insertUser<P>(options);
  const { sessionId, cookie } = await createSession(user.id, meta);
  return { user, sessionId, cookie: cookie.value };
}

type Handler = (request: Request, context: never) => Promise<Response> | Response;

export type CallOptions = {
  body?: unknown;
  raw?: string;
  cookie?: string | null;
  /** An access token, sent as `Authorization: Bearer`. */
  bearer?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

/** Calls a route handler the way Next does, with a JSON body unless `raw` is given. */
export async function call(
  handler: Handler,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (options.cookie) headers.set("cookie", `${SESSION_COOKIE_NAME}=${options.cookie}`);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", TEST_META.ip);
  const body = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const request = new Request(`${BASE}${path}`, { method, headers, body });
  const context = { params: Promise.resolve(options.params ?? {}) } as never;
  return handler(request, context);
}

/**
 * Signs in through the login route handler, passed in (lib/ never imports app/): the status and
 * the session cookie value it set (null when none).
 */
export async function logIn(
  login: Handler,
  identifier: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const response = await call(login, "POST", "/api/v1/auth/login", { body: { identifier, password }, headers });
  return { status: response.status, cookie: sessionCookieFrom(response) };
}

/** The session cookie value a response sets ("" when it clears it, null when it sets none). */
export function sessionCookieFrom(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    if (header.startsWith(`${SESSION_COOKIE_NAME}=`))
      return header.slice(SESSION_COOKIE_NAME.length + 1).split(";")[0] ?? "";
  }
  return null;
}

/**
 * Emails queued in the outbox for `to`, oldest first (opened). Pending forgot-password and
 * resend-activation requests are answered first, as the worker would.
 */
export async function queuedEmails(to: string): Promise<EmailMessage[]> {
  await answerQueuedEmailRequests();
  const rows = await db.outboxMessage.findMany({ where: { type: EMAIL_MESSAGE_TYPE }, orderBy: { createdAt: "asc" } });
  const sealed = rows.map((row) => row.payload as unknown as SealedEmail).filter((message) => message.to === to);
  return Promise.all(sealed.map(openEmail));
}

/** The token of the newest queued email of `template` to `to`. */
export async function lastToken(
  to: string,
  template: "activation" | "password-reset" | "account-unlock",
): Promise<string> {
  const message = (await queuedEmails(to)).filter((m) => m.template === template).at(-1);
  if (!message || !("token" in message.data)) throw new Error(`no ${template} email to ${to}`);
  return message.data.token;
}

/** A live one-time link of `purpose` for the user, issued directly (what the emails carry). */
export async function issueLink(userId: string, purpose: TokenPurpose): Promise<string> {
  return (await db.$transaction((tx) => issueActionToken(tx, userId, purpose))).token;
}
