import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP relay in front of the shared Redis that a test can cut and restore, so "Redis is down"
 * is simulated for one client without stopping the server other tests use.
 */
export type TcpRelay = {
  port: number;
  url: string;
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpRelay(target = { host: "127.0.0.1", port: 6379 }, port = 0): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;

  const listen = (wanted: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      next.once("error", reject);
      next.listen(wanted, "127.0.0.1", () => {
        server = next;
        const address = next.address();
        resolve(typeof address === "object" && address ? address.port : wanted);
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });

  const bound = await listen(port);
  return {
    port: bound,
    url: `redis://127.0.0.1:${bound}/0`,
    cut: stop,
    restore: async () => {
      await listen(bound);
    },
    close: stop,
  };
}
