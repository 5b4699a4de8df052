import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { onCleanup } from "./cleanup";

const run = promisify(execFile);

/** Creates `vhost` empty (deleting any leftover of an earlier run) with full rights for guest; returns its URL. */
export async function createVhost(vhost: string): Promise<string> {
  await deleteVhost(vhost);
  await run("rabbitmqctl", ["add_vhost", vhost]);
  await run("rabbitmqctl", ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]);
  return `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}`;
}

export async function deleteVhost(vhost: string): Promise<void> {
  await run("rabbitmqctl", ["delete_vhost", vhost]).catch(() => undefined);
}

/** Creates a RabbitMQ vhost for this test file, points RABBITMQ_URL at it, and deletes it afterwards. */
export async function useVhost(): Promise<string> {
  const vhost = `test_${process.env.TEST_ID ?? Date.now()}`;
  const url = await createVhost(vhost);
  onCleanup(() => deleteVhost(vhost));
  process.env.RABBITMQ_URL = url;
  return url;
}
