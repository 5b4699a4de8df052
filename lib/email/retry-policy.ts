import type { Channel } from "amqplib";
import { config } from "../config";

// The email pipeline's retry policy: which queues exist, how many attempts a message gets, how
// long it waits between them, and where it goes after the last one.

/** The work queue email messages are published to (routing key = outbox `type`). */
export const EMAIL_QUEUE = "email.send";
/** Where messages go after their last attempt, or at once when they can never succeed. */
export const EMAIL_PARKED_QUEUE = "email.send.parked";
/**
 * How long a parked message stays, at most (sooner when its link expires sooner). It is a
 * per-message `expiration` set when parking, not a queue argument: deployments already have the
 * parking queue without one, and RabbitMQ refuses to re-declare a queue with other arguments.
 */
export const PARKED_TTL_MS = 7 * 86_400_000;

/** Header carrying the delivery attempt number (1 for the first delivery). */
export const ATTEMPT_HEADER = "x-attempt";
/** Header explaining why a message was parked. */
export const PARKED_REASON_HEADER = "x-parked-reason";
/** Header with the time (ISO 8601) a message was parked. */
export const PARKED_AT_HEADER = "x-parked-at";

/**
 * Delay before attempt n+1 (index n-1): base, 4×base, 16×base …, capped at one hour. One delay
 * queue per distinct delay, because a shared delay queue blocks at its head (a short delay
 * waits behind a long one).
 */
export function retryDelaysMs(maxAttempts = config.email.maxAttempts, baseMs = config.email.retryBaseMs): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) => Math.min(3_600_000, baseMs * 4 ** i));
}

/** The delay queue for a delay: its TTL is part of its name, since queue arguments cannot change. */
export function retryQueueName(delayMs: number): string {
  return `${EMAIL_QUEUE}.retry.${delayMs}ms`;
}

/** Declares the work queue, the delay queues (dead-lettering back to it) and the parking queue. */
export async function assertEmailTopology(channel: Channel): Promise<void> {
  await channel.assertQueue(EMAIL_QUEUE, { durable: true });
  await channel.assertQueue(EMAIL_PARKED_QUEUE, { durable: true });
  for (const delay of new Set(retryDelaysMs())) {
    await channel.assertQueue(retryQueueName(delay), {
      durable: true,
      arguments: {
        "x-message-ttl": delay,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": EMAIL_QUEUE,
      },
    });
  }
}

/** The retry queue for the next attempt: the scheduled delay, or a longer one when `atLeastMs` asks for it. */
export function retryQueueFor(attempt: number, atLeastMs = 0): { queue: string; delayMs: number } {
  const delays = retryDelaysMs();
  const scheduled = delays[Math.min(attempt - 1, delays.length - 1)] ?? config.email.retryBaseMs;
  const wanted = Math.max(scheduled, atLeastMs);
  const delayMs = delays.find((d) => d >= wanted) ?? delays[delays.length - 1] ?? scheduled;
  return { queue: retryQueueName(delayMs), delayMs };
}
