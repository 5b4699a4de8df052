import { createServer } from "node:http";
import type { Redis } from "ioredis";
import { ioredisScriptClient } from "../script-client";

/**
 * A local stand-in for Upstash's REST API (POST / with a JSON command array, Bearer token,
 * `{ result }` or `{ error }`, base64-encoded strings when `Upstash-Encoding: base64` is asked
 * for) in front of the local Redis. Scripts go through the same hash mapping as our adapter,
 * because the local Redis 7.0 rejects the `#!lua flags=` line that Upstash accepts.
 */
export async function startFakeUpstash(
  redis: Redis,
  token: string,
): Promise<{ url: string; commands: string[][]; close(): Promise<void> }> {
  const scripts = ioredisScriptClient(redis);
  const commands: string[][] = [];
  const server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${token}`) return reply(401, { error: "Unauthorized" });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as unknown[];
    const base64 = request.headers["upstash-encoding"] === "base64";
    // POST /pipeline carries a list of commands (the client batches concurrent calls).
    if (request.url?.startsWith("/pipeline")) {
      const replies = [];
      for (const command of body as unknown[][]) replies.push(await run(command, base64));
      return reply(200, replies);
    }
    const answer = await run(body, base64);
    reply("error" in answer ? 400 : 200, answer);
  });

  async function run(body: unknown[], base64: boolean): Promise<{ result: unknown } | { error: string }> {
    const [name = "", ...args] = body.map(String);
    const command = name.toLowerCase();
    commands.push([command, ...args]);
    try {
      let result: unknown;
      if (command === "evalsha" || command === "eval") {
        const [script = "", numKeys = "0", ...rest] = args;
        const keys = rest.slice(0, Number(numKeys));
        const argv = rest.slice(Number(numKeys));
        result =
          command === "eval" ? await scripts.eval(script, keys, argv) : await scripts.evalsha(script, keys, argv);
      } else {
        result = await redis.call(name, ...args);
      }
      return { result: base64 ? encode(result) : result };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    commands,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function encode(value: unknown): unknown {
  if (typeof value === "string") return value === "OK" ? value : Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(encode);
  return value;
}
