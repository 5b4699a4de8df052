export { CLIENT_NAME_MAX, describeClient, describeUserAgent, deviceKind } from "@/lib/util/user-agent";

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A timestamp as shown on the account page (UTC, so server and browser render the same text). */
export function formatTimestamp(iso: string): string {
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}
