import { expect } from "@playwright/test";
import type { ReceivedEmail } from "../../lib/testing/fake-resend";
import { FAKE_RESEND_URL } from "./env";

/** Emails the local Resend-compatible server received for `to`. */
export async function emailsTo(to: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${FAKE_RESEND_URL}/_test/emails?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as { data: ReceivedEmail[] }).data;
}

/** Waits for an email to `to` whose subject matches, and returns it. */
export async function waitForEmail(to: string, subject: RegExp, timeoutMs = 20_000): Promise<ReceivedEmail> {
  let found: ReceivedEmail | undefined;
  await expect
    .poll(
      async () => {
        found = (await emailsTo(to)).find((e) => subject.test(e.subject));
        return Boolean(found);
      },
      { timeout: timeoutMs, message: `an email to ${to} with subject ${subject}` },
    )
    .toBe(true);
  return found as ReceivedEmail;
}

/** The first link in an email's HTML that starts with `prefix` (e.g. the app's /activate URL). */
export function linkIn(email: ReceivedEmail, prefix: string): string {
  const links = [...(email.html ?? "").matchAll(/href="([^"]+)"/g)].map((m) => m[1]?.replaceAll("&amp;", "&") ?? "");
  const link = links.find((href) => href.startsWith(prefix));
  if (!link) throw new Error(`no link starting with ${prefix} in email "${email.subject}"`);
  return link;
}
