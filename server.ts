// `npm start`: the production web server, in WEB_CONCURRENCY processes (lib/http/cluster.ts). A
// thin Node server around Next's request handler (lib/http/node-server.ts): it APPENDS the socket
// address to X-Forwarded-For, so the last entry is always the real peer and anything a client
// wrote sits to its left, where lib/http/client-ip.ts never looks unless TRUSTED_PROXY_COUNT says a
// proxy wrote it. With TLS_CERT_FILE/TLS_KEY_FILE it serves https itself; served over https (itself
// or behind a proxy, APP_URL https) every response carries HSTS, static files included.
import cluster from "node:cluster";
import { config } from "./lib/config";
import { superviseWebProcesses } from "./lib/http/cluster";
import { logger } from "./lib/log";

// WEB_CONCURRENCY processes (default: one per usable core) share the port; one serves alone.
if (cluster.isPrimary && config.webConcurrency > 1) superviseWebProcesses(config.webConcurrency, logger);
else await serve();

async function serve() {
  // Loaded here: the supervising process never serves, so it needs neither Next nor the method table.
  const [{ default: next }, { documentedMethods }, { createWebServer }] = await Promise.all([
    import("next"),
    import("./lib/http/allowed-methods"),
    import("./lib/http/node-server"),
  ]);
  const app = next({ dev: false, dir: import.meta.dirname, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createWebServer(handle, {
    tls: config.tls,
    hsts: config.tls !== null || config.secureCookies,
    allowedMethods: documentedMethods,
    onError: (error) =>
      logger.error({ err: error instanceof Error ? error.message : String(error) }, "request handler failed"),
  });

  server.listen(config.port, () => {
    logger.info({ port: config.port, protocol: config.tls ? "https" : "http" }, "web server listening");
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
}
