import { connect, type ChannelModel, type RecoveringChannelModel } from "amqplib";
import { config } from "../config";
import type { Logger } from "../log";

/** Adds a heartbeat to the URL: amqplib ignores `heartbeat` in the socket options. */
export function amqpUrl(url = config.rabbitmqUrl, heartbeatSeconds = 10): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has("heartbeat")) parsed.searchParams.set("heartbeat", String(heartbeatSeconds));
  return parsed.toString();
}

/**
 * A connection that reconnects by itself with exponential backoff. Channels and consumers do
 * not survive a reconnect, so `setup` (re)creates them after every successful connection.
 */
export async function connectRecovering(options: {
  log: Logger;
  setup: (model: ChannelModel) => Promise<void>;
}): Promise<RecoveringChannelModel> {
  const model = await connect(amqpUrl(), {
    recovery: { initialDelay: 200, maxDelay: 10_000, setup: options.setup, waitForConnect: false },
  });
  model.on("connect", () => options.log.info("rabbitmq connected"));
  model.on("disconnect", (err: Error) => options.log.warn({ err: err?.message }, "rabbitmq disconnected"));
  model.on("reconnect-scheduled", (info: { attempt: number; delay: number; error: Error }) =>
    options.log.warn(
      { attempt: info.attempt, delayMs: info.delay, err: info.error?.message },
      "rabbitmq reconnect scheduled",
    ),
  );
  model.on("error", (err: Error) => options.log.error({ err: err.message }, "rabbitmq error"));
  return model;
}
