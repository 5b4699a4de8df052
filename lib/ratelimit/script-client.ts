import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** The two calls @upstash/ratelimit makes on its `redis` object in single-region mode. */
export type ScriptClient = {
  evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>;
  eval(script: string, keys: string[], args: unknown[]): Promise<unknown>;
};

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * Lets @upstash/ratelimit run its Lua scripts on a local Redis through ioredis. The library's
 * scripts start with a `#!lua flags=allow-key-locking` line that Redis 7.0 rejects, so the line
 * is stripped before EVAL and the library's hash (of the original text) is mapped to the hash of
 * the stripped script for EVALSHA. An unknown hash answers NOSCRIPT, which makes the library
 * fall back to EVAL with the full script, the same path it takes after a Redis restart.
 */
export function ioredisScriptClient(client: Redis): ScriptClient {
  const strippedHashes = new Map<string, string>();
  const argv = (args: unknown[]) => args.map((arg) => String(arg));
  return {
    async evalsha(sha, keys, args) {
      const mapped = strippedHashes.get(sha);
      if (!mapped) throw new Error("NOSCRIPT No matching script (not loaded through this client yet)");
      await connecting(client);
      return client.evalsha(mapped, keys.length, ...keys, ...argv(args));
    },
    async eval(script, keys, args) {
      const stripped = script.startsWith("#!") ? script.slice(script.indexOf("\n") + 1) : script;
      strippedHashes.set(sha1(script), sha1(stripped));
      await connecting(client);
      return client.eval(stripped, keys.length, ...keys, ...argv(args));
    },
  };
}

/**
 * The limiter's connection has no offline queue, so a command sent while it is still opening
 * (the first requests after start) would fail at once. Wait for that attempt to finish (the
 * limiter bounds the wait); while reconnecting after a failure, fail fast instead.
 */
async function connecting(client: Redis): Promise<void> {
  if (client.status === "wait") void client.connect().catch(() => undefined);
  if (client.status !== "connecting" && client.status !== "connect" && client.status !== "wait") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      client.off("ready", done);
      client.off("error", done);
      client.off("close", done);
      resolve();
    };
    client.once("ready", done);
    client.once("error", done);
    client.once("close", done);
  });
}
