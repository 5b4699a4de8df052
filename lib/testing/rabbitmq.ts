import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { onCleanup } from "./cleanup";

const run = promisify(execFile);

/** Creates a RabbitMQ vhost for this test file, points RABBITMQ_URL at it, and deletes it afterwards. */
export async function useVhost(): Promise<string> {
  const vhost = `test_${process.env.TEST_ID ?? Date.now()}`;
  await run("rabbitmqctl", ["add_vhost", vhost]);
  await run("rabbitmqctl", ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]);
  onCleanup(() => run("rabbitmqctl", ["delete_vhost", vhost]));
  const url = `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(vhost)}`;
  process.env.RABBITMQ_URL = url;
  return url;
}
