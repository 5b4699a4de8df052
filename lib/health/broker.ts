import { connect, type ChannelModel } from "amqplib";
import { amqpUrl } from "../queue/connection";

// One connection to RabbitMQ for readiness checks, opened on the first check and kept: opening an
// AMQP connection costs a TCP handshake, the AMQP handshake and broker-side bookkeeping, which a
// flood of /api/ready must not be able to multiply. Dropped (and reopened by the next check) when
// the broker closes it or a check over it fails, so a dead socket is never reused.
let connection: Promise<ChannelModel> | null = null;

function brokerConnection(timeoutMs: number): Promise<ChannelModel> {
  if (connection) return connection;
  const opening = connect(amqpUrl(), { timeout: timeoutMs }).then((model) => {
    const drop = () => {
      if (connection === opening) connection = null;
    };
    model.on("close", drop);
    // Without a listener an 'error' event would crash the process; 'close' follows it.
    model.on("error", drop);
    return model;
  });
  connection = opening;
  opening.catch(() => {
    if (connection === opening) connection = null;
  });
  return opening;
}

/**
 * Whether the broker answers: a channel opened and closed over the kept connection (one round
 * trip each way). Rejects when it does not; the caller bounds the wait.
 */
export async function pingBroker(timeoutMs: number): Promise<void> {
  const current = brokerConnection(timeoutMs);
  try {
    const channel = await (await current).createChannel();
    await channel.close();
  } catch (error) {
    if (connection === current) connection = null;
    void current.then((model) => model.close()).catch(() => undefined);
    throw error;
  }
}
