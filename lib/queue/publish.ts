import type { ConfirmChannel, Message, Options } from "amqplib";

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
export async function publishConfirmed(
  channel: ConfirmChannel,
  messages: OutgoingMessage[],
): Promise<{ routed: string[]; returned: string[] }> {
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

/**
 * Publishes a copy of a received message (same body, id and properties, `headers` as its headers,
 * `expiration` when given: the time the copy has left, which the caller recomputes) to `queue` and
 * waits for the broker's confirm: callers acknowledge the original only after this.
 */
export async function republish(
  channel: ConfirmChannel,
  message: Message,
  queue: string,
  headers: Record<string, unknown>,
  idIfMissing: string,
  expiration?: string,
): Promise<void> {
  const { messageId, type, contentType, timestamp } = message.properties;
  await publishConfirmed(channel, [
    {
      queue,
      body: message.content,
      options: {
        messageId: messageId ?? idIfMissing,
        type,
        contentType,
        timestamp,
        headers,
        ...(expiration ? { expiration } : {}),
      },
    },
  ]);
}
