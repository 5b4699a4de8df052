import { Redis } from "ioredis";

const closers: Array<() => Promise<unknown>> = [];

/** Registers something a test file opened (a client, a server) to be closed after the file. */
export function onCleanup(close: () => Promise<unknown>): void {
  closers.push(close);
}

/** Closes what the file registered, then deletes the file's Redis keys. */
export async function cleanupTestResources(id: string): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  const globals = globalThis as { authcoreDb?: { $disconnect(): Promise<void> }; authcoreRedis?: Redis };
  await globals.authcoreDb?.$disconnect().catch(() => undefined);
  globals.authcoreRedis?.disconnect();
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `test:${id}:*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch {
    // Redis may be stopped by the test itself; leftover keys only cost memory.
  } finally {
    redis.disconnect();
  }
}
