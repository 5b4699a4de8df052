// A stand-in for server.ts under lib/http/cluster.ts (lib/http/cluster.test.ts): the primary
// supervises WEB_CONCURRENCY copies; each copy answers every request with its pid on PORT.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { superviseWebProcesses } from "../http/cluster";
import { logger } from "../log";

const count = Number(process.env.WEB_CONCURRENCY);
if (cluster.isPrimary) superviseWebProcesses(count, logger);
else {
  const server = createServer((_, response) => response.end(String(process.pid)));
  server.listen(Number(process.env.PORT), () => logger.info({ pid: process.pid }, "copy listening"));
  // CLOSE_DELAY_MS: a copy that takes that long to close, as one finishing its requests would.
  process.on("SIGTERM", () =>
    setTimeout(() => server.close(() => process.exit(0)), Number(process.env.CLOSE_DELAY_MS ?? 0)),
  );
}
