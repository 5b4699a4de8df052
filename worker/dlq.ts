// `npm run worker:dlq -- list` | `npm run worker:dlq -- replay <messageId…>` | `… replay --all`
// Lists or replays the email messages parked in the dead-letter queue.
import { connect } from "amqplib";
import { amqpUrl } from "../lib/queue/connection";
import { listParked, replayParked, type ParkedMessage } from "../lib/email/dead-letter";

const USAGE = "usage: npm run worker:dlq -- list [--json] | replay (--all | <messageId>...)";

function print(messages: ParkedMessage[], json: boolean) {
  if (json) {
    console.log(JSON.stringify(messages));
    return;
  }
  for (const m of messages) {
    console.log(
      `${m.messageId ?? "(no id)"}  ${m.template ?? "?"}  to=${m.to ?? "?"}  attempts=${m.attempts ?? "?"}  parkedAt=${m.parkedAt ?? "?"}\n    ${m.reason}`,
    );
  }
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const json = rest.includes("--json");
  const ids = rest.filter((a) => !a.startsWith("--"));
  if (command !== "list" && command !== "replay") {
    console.error(USAGE);
    return 2;
  }
  if (command === "replay" && !rest.includes("--all") && ids.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const connection = await connect(amqpUrl());
  try {
    const channel = await connection.createConfirmChannel();
    if (command === "list") {
      const parked = await listParked(channel);
      print(parked, json);
      if (!json) console.log(`${parked.length} parked message(s)`);
    } else {
      const replayed = await replayParked(channel, rest.includes("--all") ? "all" : ids);
      print(replayed, json);
      if (!json) console.log(`${replayed.length} message(s) sent back to the email queue`);
      const missing = ids.filter((id) => !replayed.some((m) => m.messageId === id));
      if (missing.length > 0) {
        console.error(`not parked: ${missing.join(", ")}`);
        return 1;
      }
    }
    await channel.close();
    return 0;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
