// `npm start`: the production web server. A thin Node HTTP server around Next's request handler
// whose only job is to record who connected: it APPENDS the socket address to X-Forwarded-For,
// so the last entry is always the real peer and anything a client wrote sits to its left, where
// lib/http/client-ip.ts never looks unless TRUSTED_PROXY_COUNT says a proxy wrote it.
import { createServer } from "node:http";
import next from "next";
import { config } from "./lib/config";
import { forwardedForWithPeer } from "./lib/http/client-ip";
import { logger } from "./lib/log";

const app = next({ dev: false, dir: import.meta.dirname, port: config.port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((request, response) => {
  request.headers["x-forwarded-for"] = forwardedForWithPeer(
    request.headers["x-forwarded-for"],
    request.socket.remoteAddress,
  );
  handle(request, response).catch((error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "request handler failed");
    if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
    response.end();
  });
});
// Longer than common load balancers' idle timeouts, so they never reuse a connection we closed.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(config.port, () => {
  logger.info({ port: config.port }, "web server listening");
});

let closing = false;
function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info({ signal }, "web server shutting down");
  server.close(() => {
    void app.close().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
