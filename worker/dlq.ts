// `npm run worker:dlq -- list` | `… replay <messageId…>` | `… replay --all` | `… discard <messageId…> | --all`
// Lists, replays or discards the email messages parked in the dead-letter queue.
import { connect } from "amqplib";
import { amqpUrl } from "../lib/queue/connection";
import { discardParked, listParked, replayParked, type ParkedMessage } from "../lib/email/dead-letter";

const USAGE =
  "usage: npm run worker:dlq -- list [--json] | replay (--all | <messageId>...) | discard (--all | <messageId>...)";

/** One line per message: routing facts only; the sealed data (the links) is never printed. */
function print(messages: ParkedMessage[], json: boolean) {
  if (json) {
    console.log(JSON.stringify(messages));
    return;
  }
  for (const m of messages) {
    console.log(
      `${m.messageId ?? "(no id)"}  ${m.template ?? "?"}  to=${m.to ?? "?"}  attempts=${m.attempts ?? "?"}  parkedAt=${m.parkedAt ?? "?"}  expiresAt=${m.expiresAt ?? "-"}\n    ${m.reason}`,
    );
  }
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const json = rest.includes("--json");
  const all = rest.includes("--all");
  const ids = rest.filter((a) => !a.startsWith("--"));
  if (command !== "list" && command !== "replay" && command !== "discard") {
    console.error(USAGE);
    return 2;
  }
  if (command !== "list" && !all && ids.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const connection = await connect(amqpUrl());
  try {
    const channel = await connection.createConfirmChannel();
    let handled: ParkedMessage[] = [];
    if (command === "list") {
      const parked = await listParked(channel);
      print(parked, json);
      if (!json) console.log(`${parked.length} parked message(s)`);
    } else if (command === "replay") {
      const { replayed, expired } = await replayParked(channel, all ? "all" : ids);
      handled = [...replayed, ...expired];
      if (json) {
        console.log(JSON.stringify({ replayed, expired }));
      } else {
        print(replayed, false);
        console.log(`${replayed.length} message(s) sent back to the email queue`);
        if (expired.length > 0) {
          print(expired, false);
          console.log(`${expired.length} expired message(s) removed instead: their links no longer work`);
        }
      }
    } else {
      handled = await discardParked(channel, all ? "all" : ids);
      print(handled, json);
      if (!json) console.log(`${handled.length} message(s) discarded`);
    }
    await channel.close();
    const missing = ids.filter((id) => !handled.some((m) => m.messageId === id));
    if (command !== "list" && missing.length > 0) {
      console.error(`not parked: ${missing.join(", ")}`);
      return 1;
    }
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
