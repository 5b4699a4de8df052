import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ensureDevCertificate } from "./dev-certificate";
import { createWebServer, type NodeRequestHandler } from "./node-server";
import { documentedMethods } from "./allowed-methods";
import { HSTS, NON_PAGE_CSP } from "./security-headers";

const servers: Server[] = [];
const dir = mkdtempSync(join(tmpdir(), "authcore-node-server-"));
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Seen = { forwardedFor?: string; encrypted: boolean };

/** A stand-in for Next's handler that answers like a static file (no headers of its own) and records the request. */
function staticFileHandler(seen: Seen[]): NodeRequestHandler {
  return async (request, response) => {
    seen.push({
      forwardedFor: request.headers["x-forwarded-for"] as string | undefined,
      encrypted: Boolean((request.socket as TLSSocket).encrypted),
    });
    response.writeHead(200, { "content-type": "text/css" });
    response.end("body{}");
  };
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function get(
  url: string,
  headers: Record<string, string> = {},
  ca?: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith("https:") ? httpsRequest : httpRequest;
    const req = send(url, { headers, ca, servername: "localhost" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the web server around Next (server.ts)", () => {
  it("serves https with the configured certificate and sends HSTS on every response, static files too", async () => {
    const files = ensureDevCertificate(join(dir, "tls"));
    const seen: Seen[] = [];
    const server = createWebServer(staticFileHandler(seen), { tls: files, hsts: true, onError: () => undefined });
    const port = await listen(server);
    // Verified against the certificate itself: a real TLS handshake for localhost, not an unchecked one.
    const response = await get(
      `https://127.0.0.1:${port}/_next/static/chunks/app.css`,
      {},
      readFileSync(files.certFile),
    );
    expect(response.status).toBe(200);
    expect(response.headers["strict-transport-security"]).toBe(HSTS);
    expect(seen[0]?.encrypted).toBe(true);
  });

  it("sends HSTS over plain http only when told (APP_URL is https behind a TLS proxy)", async () => {
    const behindProxy = await listen(
      createWebServer(staticFileHandler([]), { tls: null, hsts: true, onError: () => undefined }),
    );
    expect((await get(`http://127.0.0.1:${behindProxy}/favicon.ico`)).headers["strict-transport-security"]).toBe(HSTS);
    const plain = await listen(
      createWebServer(staticFileHandler([]), { tls: null, hsts: false, onError: () => undefined }),
    );
    expect((await get(`http://127.0.0.1:${plain}/favicon.ico`)).headers["strict-transport-security"]).toBeUndefined();
  });

  it("appends the socket address to X-Forwarded-For, after whatever the client sent", async () => {
    const seen: Seen[] = [];
    const port = await listen(
      createWebServer(staticFileHandler(seen), { tls: null, hsts: false, onError: () => undefined }),
    );
    await get(`http://127.0.0.1:${port}/`, { "x-forwarded-for": "203.0.113.9" });
    await get(`http://127.0.0.1:${port}/`);
    expect(seen.map((s) => s.forwardedFor)).toEqual(["203.0.113.9, 127.0.0.1", "127.0.0.1"]);
  });

  it("answers a bare 500 when the handler fails, and reports the error", async () => {
    const errors: unknown[] = [];
    const failing: NodeRequestHandler = async () => {
      throw new Error("boom");
    };
    const port = await listen(createWebServer(failing, { tls: null, hsts: true, onError: (e) => errors.push(e) }));
    const response = await get(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(500);
    expect(response.headers["strict-transport-security"]).toBe(HSTS);
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(errors).toEqual([new Error("boom")]);
  });

  it("ends the response it already started when the handler fails midway, keeping its status", async () => {
    const errors: unknown[] = [];
    const failingMidway: NodeRequestHandler = async (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.write("<p>partial");
      throw new Error("stream broke");
    };
    const port = await listen(
      createWebServer(failingMidway, { tls: null, hsts: false, onError: (e) => errors.push(e) }),
    );
    const response = await get(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html");
    expect(errors).toEqual([new Error("stream broke")]);
  });

  it("answers methods Next cannot serve (TRACE, WebDAV, made-up ones) with a 405 problem, without calling Next", async () => {
    const seen: Seen[] = [];
    const port = await listen(
      createWebServer(staticFileHandler(seen), { tls: null, hsts: false, onError: () => undefined }),
    );
    for (const method of ["TRACE", "PROPFIND", "MKCOL"]) {
      const response = await new Promise<{ status: number; type?: string; body: string }>((resolve, reject) => {
        const req = httpRequest(`http://127.0.0.1:${port}/api/v1/me`, { method }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
        });
        req.on("error", reject);
        req.end();
      });
      expect(response, method).toMatchObject({ status: 405, type: "application/problem+json" });
      expect(JSON.parse(response.body)).toMatchObject({ status: 405, code: "method_not_allowed" });
    }
    expect(seen).toEqual([]);
  });

  it("lists in Allow the methods of the path when it is told them, all it serves otherwise", async () => {
    const allowedMethods = (path: string) => (path === "/api/v1/me" ? ["GET", "HEAD", "OPTIONS", "PATCH"] : null);
    const port = await listen(
      createWebServer(staticFileHandler([]), { tls: null, hsts: false, onError: () => undefined, allowedMethods }),
    );
    const allowOf = (path: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        const req = httpRequest(`http://127.0.0.1:${port}${path}`, { method: "PROPFIND" }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.headers.allow));
        });
        req.on("error", reject);
        req.end();
      });
    expect(await allowOf("/api/v1/me?page=2")).toBe("GET, HEAD, OPTIONS, PATCH");
    expect(await allowOf("/login")).toBe("GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE");
  });

  it("answers a method a proxyless path lacks (POST /api/health) itself, with the fixed headers; Next gets the rest", async () => {
    const seen: Seen[] = [];
    const port = await listen(
      createWebServer(staticFileHandler(seen), {
        tls: null,
        hsts: false,
        onError: () => undefined,
        allowedMethods: documentedMethods,
      }),
    );
    const send = (method: string, path: string) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = httpRequest(`http://127.0.0.1:${port}${path}`, { method }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.end();
      });
    for (const [method, path] of [
      ["POST", "/api/health"],
      ["DELETE", "/api/ready"],
      ["PUT", "/.well-known/jwks.json?x=1"],
    ] as const) {
      const response = await send(method, path);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe("GET, HEAD, OPTIONS");
      expect(response.headers["content-security-policy"]).toBe(NON_PAGE_CSP);
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(JSON.parse(response.body)).toMatchObject({ status: 405, code: "method_not_allowed" });
    }
    expect(seen).toEqual([]);
    // Their own methods, and a documented path's missing method (proxy.ts answers that one), go to Next.
    for (const [method, path] of [
      ["GET", "/api/health"],
      ["HEAD", "/api/ready"],
      ["OPTIONS", "/.well-known/jwks.json"],
      ["PUT", "/api/v1/me"],
    ] as const) {
      expect((await send(method, path)).status, `${method} ${path}`).toBe(200);
    }
    expect(seen).toHaveLength(4);
  });

  it("answers a request Node cannot parse (a made-up method) with a 400 problem", async () => {
    const seen: Seen[] = [];
    const port = await listen(
      createWebServer(staticFileHandler(seen), { tls: null, hsts: false, onError: () => undefined }),
    );
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end("FOO /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain("content-type: application/problem+json");
    expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).toMatchObject({ status: 400, code: "validation_failed" });
    expect(seen).toEqual([]);
  });

  it("answers headers over Node's limit with a 431 problem, code headers_too_large, without calling Next", async () => {
    const seen: Seen[] = [];
    const port = await listen(
      createWebServer(staticFileHandler(seen), { tls: null, hsts: false, onError: () => undefined }),
    );
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.end(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: c=${"x".repeat(20_000)}\r\n\r\n`),
      );
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      // The server may close before the client finishes writing: a reset after the answer is fine.
      socket.on("error", (error) => (text ? resolve(text) : reject(error)));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toContain("content-type: application/problem+json");
    expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).toEqual({
      type: "about:blank#headers_too_large",
      title: "Request headers too large",
      status: 431,
      detail: "Send smaller headers.",
      code: "headers_too_large",
    });
    expect(seen).toEqual([]);
  });

  it("answers a HEAD over the limit with the 431's headers and no body, which a strict client parses", async () => {
    const port = await listen(
      createWebServer(staticFileHandler([]), { tls: null, hsts: false, onError: () => undefined }),
    );
    const response = await new Promise<{ status: number; type?: string; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `http://127.0.0.1:${port}/api/v1/users`,
        { method: "HEAD", headers: { "x-padding": "x".repeat(20_000) } },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(response).toEqual({ status: 431, type: "application/problem+json", body: "" });
  });

  it("keeps idle connections open longer than load balancers do", () => {
    const server = createWebServer(staticFileHandler([]), { tls: null, hsts: false, onError: () => undefined });
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBe(66_000);
  });
});
