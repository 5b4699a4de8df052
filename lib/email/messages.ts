import { z } from "zod";

/**
 * Email messages as data: the outbox row's payload, the RabbitMQ message body, and what the
 * worker renders. Publisher and consumer import these same schemas.
 */
export const emailMessageSchema = z.discriminatedUnion("template", [
  z.object({
    template: z.literal("activation"),
    to: z.email(),
    data: z.object({ username: z.string(), token: z.string().min(1) }),
  }),
  z.object({
    template: z.literal("password-reset"),
    to: z.email(),
    data: z.object({ username: z.string(), token: z.string().min(1) }),
  }),
  z.object({
    template: z.literal("password-changed"),
    to: z.email(),
    data: z.object({ username: z.string() }),
  }),
  z.object({
    template: z.literal("registration-attempt"),
    to: z.email(),
    data: z.object({}),
  }),
]);

export type EmailMessage = z.infer<typeof emailMessageSchema>;
export type EmailTemplate = EmailMessage["template"];

/** The outbox `type` of email messages. */
export const EMAIL_MESSAGE_TYPE = "email.send";
