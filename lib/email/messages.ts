import { z } from "zod";
import { SECURITY_EVENTS, type SecurityEvent } from "../../emails/security-notice";

/**
 * Email messages as data. In memory a message is `{template, to, data}`; what is stored in the
 * outbox and travels through RabbitMQ is the sealed form (./seal.ts): `data` (tokens, names) is
 * encrypted to the server's key set, so no live link sits in plain text at rest. Publisher and
 * consumer import these same schemas.
 */
const username = z.string();
const token = z.string().min(1);
// The greeting's name when the account has one; optional so messages queued before it still open.
const firstName = z.string().max(200).optional();

// The security events the owner is told about: the notice template knows how to describe each.
export { SECURITY_EVENTS, type SecurityEvent };

export const emailMessageSchema = z.discriminatedUnion("template", [
  z.object({
    template: z.literal("activation"),
    to: z.email(),
    // `cancelToken` is the "this wasn't me" link that deletes the pending account.
    data: z.object({ username, firstName, token, cancelToken: token }),
  }),
  z.object({ template: z.literal("password-reset"), to: z.email(), data: z.object({ username, firstName, token }) }),
  z.object({ template: z.literal("account-unlock"), to: z.email(), data: z.object({ username, firstName, token }) }),
  z.object({
    template: z.literal("security-notice"),
    to: z.email(),
    data: z.object({
      username,
      firstName,
      event: z.enum(SECURITY_EVENTS),
      at: z.iso.datetime(),
      ip: z.string(),
      // The raw User-Agent; the email shows it as a readable device ("Firefox on Windows").
      userAgent: z.string(),
    }),
  }),
  z.object({ template: z.literal("registration-attempt"), to: z.email(), data: z.object({ firstName }) }),
  z.object({
    template: z.literal("invitation"),
    to: z.email(),
    // `invitedBy`: how the administrator who created the account is named in the email.
    data: z.object({ username, firstName, token, invitedBy: z.string().min(1) }),
  }),
]);

export type EmailMessage = z.infer<typeof emailMessageSchema>;
export type EmailTemplate = EmailMessage["template"];
export const EMAIL_TEMPLATES = emailMessageSchema.options.map((option) => option.shape.template.value);

/** What the outbox row and the broker message carry: routing facts in clear, the data sealed. */
export const sealedEmailSchema = z.object({
  template: z.enum(EMAIL_TEMPLATES as [EmailTemplate, ...EmailTemplate[]]),
  to: z.email(),
  /** Compact JWE of the message's `data` (lib/keys/jwe.ts). */
  sealed: z.string().min(1),
});
export type SealedEmail = z.infer<typeof sealedEmailSchema>;

/** The outbox `type` of email messages. */
export const EMAIL_MESSAGE_TYPE = "email.send";
