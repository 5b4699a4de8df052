import type { ChannelModel } from "amqplib";
import type { Redis } from "ioredis";
import type { Db } from "../lib/db";
import type { Logger } from "../lib/log";

export type WorkerContext = {
  db: Db;
  redis: Redis;
  log: Logger;
  /** Aborted when the worker starts shutting down. */
  signal: AbortSignal;
};

/**
 * A unit of background work (email consumer, outbox relay, scheduler). `setupChannels` runs
 * after every (re)connection to RabbitMQ; `stop` must finish or hand back in-flight work.
 */
export type WorkerModule = {
  name: string;
  start(context: WorkerContext): Promise<void>;
  setupChannels?(connection: ChannelModel): Promise<void>;
  stop(): Promise<void>;
};
