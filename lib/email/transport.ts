import { config } from "../config";
import { devMailboxTransport } from "./dev-mailbox";
import { resendTransport } from "./resend-transport";

export type OutgoingEmail = { to: string; subject: string; html: string; text: string };

/** Sends one email; the same idempotency key never produces a second email. */
export type EmailTransport = {
  name: "resend" | "dev-mailbox";
  send(email: OutgoingEmail, idempotencyKey: string): Promise<{ providerId: string }>;
};

/** Resend with an API key; the development mailbox without one outside production. */
export function createTransport(): EmailTransport {
  return config.email.useDevMailbox ? devMailboxTransport() : resendTransport();
}
