import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { AllowedMethods } from "./allowed-methods";
import { forwardedForWithPeer } from "./client-ip";
import { PROBLEM_CONTENT_TYPE, problemBody } from "./problem";
import { PROXYLESS_PATHS } from "./proxyless-paths";
import { HSTS, nonPageSecurityHeaders } from "./security-headers";

/**
 * The methods Next answers. Others never reach it: it fails on TRACE (a bare 500) and answers
 * PROPFIND, MKCOL or made-up methods with an empty 400; here they get a 405 problem.
 */
const SERVED_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

const NON_PAGE_HEADERS = nonPageSecurityHeaders(false);

export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export type WebServerOptions = {
  /** PEM files: serve https with them; null: plain http (TLS ends at a proxy, or development). */
  tls: { certFile: string; keyFile: string } | null;
  /**
   * Send HSTS on every response. proxy.ts sets the security headers of pages and API responses,
   * but the build's static files skip it and next.config.ts's headers are fixed at build time,
   * when it is not known whether the app will be served over https: this server knows.
   */
  hsts: boolean;
  /** Called when the handler fails before answering (the client gets a bare 500). */
  onError: (error: unknown) => void;
  /** The methods a path answers, for the `Allow` of the 405 to a method Next never sees (null: all it serves). */
  allowedMethods?: AllowedMethods;
};

/**
 * `npm start`'s server around Next's request handler (server.ts). It records who connected by
 * APPENDING the socket address to X-Forwarded-For (lib/http/client-ip.ts reads it from the right),
 * serves https itself when given a certificate, and adds HSTS to everything it serves over https.
 */
export function createWebServer(handle: NodeRequestHandler, options: WebServerOptions): Server {
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    request.headers["x-forwarded-for"] = forwardedForWithPeer(
      request.headers["x-forwarded-for"],
      request.socket.remoteAddress,
    );
    if (options.hsts) response.setHeader("Strict-Transport-Security", HSTS);
    const method = request.method ?? "";
    const pathname = (request.url ?? "/").split("?")[0]!;
    // Next never sees these methods; and proxy.ts, which answers a documented path's missing
    // methods, never sees the paths it leaves out.
    const lacking = !SERVED_METHODS.includes(method) || PROXYLESS_PATHS.has(pathname);
    const allowed = lacking ? (options.allowedMethods?.(pathname) ?? SERVED_METHODS) : null;
    if (allowed && !allowed.includes(method)) {
      response.writeHead(405, {
        ...NON_PAGE_HEADERS,
        "content-type": PROBLEM_CONTENT_TYPE,
        "cache-control": "no-store",
        allow: allowed.join(", "),
      });
      response.end(JSON.stringify(problemBody("method_not_allowed", `${request.method} is not served here.`)));
      return;
    }
    handle(request, response).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end();
    });
  };
  const server = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }, listener)
    : createHttpServer(listener);
  // Requests Node's parser refuses (a made-up method, a malformed request line, headers over its
  // limit) never reach Next: Node would answer a bare 400 or 431; they get a problem too.
  server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    // With a listener, closing the socket is ours to do, whatever the error (Node's default would).
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const body = JSON.stringify(
      tooLarge
        ? problemBody("headers_too_large", "Send smaller headers.")
        : problemBody("validation_failed", "The request is not valid HTTP."),
    );
    // The answer to HEAD has no body: a client would take its bytes for a broken next response. Node
    // hands over only the chunk its parser refused, which starts with the method when the request came
    // in one read (one whose headers arrive in several reads gets the body, as before).
    const head = error.rawPacket?.subarray(0, 5).toString("latin1") === "HEAD ";
    socket.end(
      `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
        `content-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n` +
        (head ? "" : body),
    );
  });
  // Longer than common load balancers' idle timeouts, so they never reuse a connection we closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
