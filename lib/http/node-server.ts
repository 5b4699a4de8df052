import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { forwardedForWithPeer } from "./client-ip";
import { HSTS } from "./security-headers";

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
    handle(request, response).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end();
    });
  };
  const server = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }, listener)
    : createHttpServer(listener);
  // Longer than common load balancers' idle timeouts, so they never reuse a connection we closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
