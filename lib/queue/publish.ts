import type { ConfirmChannel, Options } from "amqplib";

export type OutgoingMessage = {
  queue: string;
  body: Buffer;
  options: Options.Publish & { messageId: string };
};

/**
 * Publishes persistent, mandatory messages on a confirm channel and waits until the broker
 * confirmed every one. The broker confirms unroutable messages too, so returns are collected:
 * the result lists the ids the broker accepted into a queue.
 */
export async function publishConfirmed(channel: ConfirmChannel, messages: OutgoingMessage[]): Promise<{ routed: string[]; returned: string[] }> {
  const returned = new Set<string>();
  const onReturn = (message: { properties: { messageId?: string } }) => {
    if (message.properties.messageId) returned.add(message.properties.messageId);
  };
  channel.on("return", onReturn);
  try {
    for (const message of messages) {
      channel.sendToQueue(message.queue, message.body, { persistent: true, mandatory: true, ...message.options });
    }
    await channel.waitForConfirms();
  } finally {
    channel.off("return", onReturn);
  }
  const ids = messages.map((m) => m.options.messageId);
  return { routed: ids.filter((id) => !returned.has(id)), returned: ids.filter((id) => returned.has(id)) };
}
