// What the load benchmark puts between the app and what it talks to, so that faults can be made
// without touching the shared services: a TCP relay to Redis that can be cut (every connection
// reset, new ones refused) and restored, and an HTTP balancer in front of the web instances.
import { Agent, createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

export type Relay = {
  port: number;
  /** Resets every open connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
};

/** Relays connections on a free local port to `port` on 127.0.0.1. */
export async function startRelay(port: number): Promise<Relay> {
  const open = new Set<Socket>();
  let cut = false;

  function pipeTo(client: Socket): void {
    const upstream = connect({ port, host: "127.0.0.1" });
    open.add(upstream);
    upstream.once("connect", () => {
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.on("error", () => client.destroy());
    upstream.once("close", () => {
      open.delete(upstream);
      client.destroy();
    });
    client.once("close", () => upstream.destroy());
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    open.add(client);
    client.on("error", () => client.destroy());
    client.once("close", () => open.delete(client));
    pipeTo(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      cut = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type Balancer = { port: number; close(): Promise<void> };

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * An HTTP balancer in front of the web instances on `ports`, round robin, behaving as a reverse
 * proxy does by default (nginx's proxy_next_upstream): a request an instance refuses to connect
 * goes to the next one; one that fails mid-way is retried elsewhere only if it is idempotent,
 * otherwise it is answered 502. Client connections survive an instance's death, as behind a proxy.
 */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  const server = createHttpServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const first = next;
      next = (next + 1) % ports.length;
      const attempt = (tries: number) => {
        const port = ports[(first + tries) % ports.length]!;
        let connected = false;
        const upstream = httpRequest(
          { host: "127.0.0.1", port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
            answer.pipe(outgoing);
            answer.on("error", () => outgoing.destroy());
          },
        );
        upstream.on("socket", (socket) => {
          if (!socket.connecting) connected = true;
          else socket.once("connect", () => (connected = true));
        });
        upstream.on("error", () => {
          if (outgoing.headersSent) return void outgoing.destroy();
          const retry = tries + 1 < ports.length && (!connected || IDEMPOTENT.has(incoming.method ?? ""));
          if (retry) attempt(tries + 1);
          else outgoing.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
