import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An email as the Resend API received it. */
export type ReceivedEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  idempotencyKey?: string;
  receivedAt: string;
};

/** One POST /emails as the server answered it. */
export type SendRequest = { idempotencyKey?: string; to: string[]; status: number; at: number };

export type FakeResend = {
  url: string;
  emails(): ReceivedEmail[];
  /** Every POST /emails, including refused and replayed ones. */
  requests(): number;
  /** Every POST /emails with its idempotency key, answer status and time, oldest first. */
  requestLog(): SendRequest[];
  /** Answers the next `count` sends with `status` (e.g. 429 or 500), optionally with Retry-After. */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  /** Calls `listener` with every email accepted from now on; returns the unsubscribe. */
  onEmail(listener: (email: ReceivedEmail) => void): () => void;
  clear(): void;
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function recipients(body: string): string[] {
  try {
    const to = (JSON.parse(body) as { to?: string | string[] }).to;
    return to === undefined ? [] : Array.isArray(to) ? to : [to];
  } catch {
    return [];
  }
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/**
 * A local Resend-compatible HTTP server (the SDK honours RESEND_BASE_URL). It records what it
 * receives, honours `Idempotency-Key` like Resend (a replay returns the first answer and sends
 * nothing), and lists emails at `GET /_test/emails?to=` for tests in other processes.
 */
export async function startFakeResend(port = 0): Promise<FakeResend> {
  const emails: ReceivedEmail[] = [];
  const byKey = new Map<string, string>();
  let requestCount = 0;
  const log: SendRequest[] = [];
  let failures: { count: number; status: number; retryAfter?: number } = { count: 0, status: 500 };
  const listeners = new Set<(email: ReceivedEmail) => void>();

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "GET" && url.pathname === "/_test/emails") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return json(response, 200, {
        data: to ? emails.filter((e) => e.to.some((t) => t.toLowerCase() === to)) : emails,
      });
    }
    if (request.method === "DELETE" && url.pathname === "/_test/emails") {
      emails.length = 0;
      return json(response, 200, {});
    }
    if (request.method !== "POST" || url.pathname !== "/emails") {
      return json(response, 404, { statusCode: 404, name: "not_found", message: "Not found" });
    }
    requestCount++;
    const body = await readBody(request);
    const entry: SendRequest = {
      idempotencyKey: headerValue(request.headers["idempotency-key"]),
      to: recipients(body),
      status: 0,
      at: Date.now(),
    };
    log.push(entry);
    response.on("finish", () => {
      entry.status = response.statusCode;
    });
    if (!String(request.headers.authorization ?? "").startsWith("Bearer re_")) {
      return json(response, 401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
    }
    if (failures.count > 0) {
      failures.count--;
      const headers: Record<string, string> =
        failures.retryAfter !== undefined ? { "retry-after": String(failures.retryAfter) } : {};
      return json(
        response,
        failures.status,
        { statusCode: failures.status, name: "injected_failure", message: "injected" },
        headers,
      );
    }
    let parsed: { from?: string; to?: string | string[]; subject?: string; html?: string; text?: string };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return json(response, 422, { statusCode: 422, name: "validation_error", message: "Invalid JSON" });
    }
    if (!parsed.from || !parsed.to || !parsed.subject) {
      return json(response, 422, { statusCode: 422, name: "validation_error", message: "Missing from, to or subject" });
    }
    const key = request.headers["idempotency-key"];
    const idempotencyKey = typeof key === "string" ? key : undefined;
    const previous = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
    if (previous) return json(response, 200, { id: previous });
    const id = randomUUID();
    if (idempotencyKey) byKey.set(idempotencyKey, id);
    const email: ReceivedEmail = {
      id,
      from: parsed.from,
      to: Array.isArray(parsed.to) ? parsed.to : [parsed.to],
      subject: parsed.subject,
      html: parsed.html,
      text: parsed.text,
      idempotencyKey,
      receivedAt: new Date().toISOString(),
    };
    emails.push(email);
    json(response, 200, { id });
    for (const listener of listeners) listener(email);
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    emails: () => [...emails],
    requests: () => requestCount,
    requestLog: () => log.map((entry) => ({ ...entry })),
    failNext: (count, status, retryAfter) => {
      failures = { count, status, retryAfter };
    },
    onEmail: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => {
      emails.length = 0;
      byKey.clear();
      requestCount = 0;
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
