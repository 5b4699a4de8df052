import type { EmailMessage, EmailTemplate } from "./messages";

/** Sample messages for the development preview of every template (rendered with APP_URL). */
export const PREVIEW_MESSAGES: Record<EmailTemplate, EmailMessage> = {
  activation: {
    template: "activation",
    to: "ada@example.com",
    data: { username: "ada", token: "preview-activation-token" },
  },
  "password-reset": {
    template: "password-reset",
    to: "ada@example.com",
    data: { username: "ada", token: "preview-reset-token" },
  },
  "password-changed": { template: "password-changed", to: "ada@example.com", data: { username: "ada" } },
  "registration-attempt": { template: "registration-attempt", to: "ada@example.com", data: {} },
};

export function isPreviewTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(PREVIEW_MESSAGES, name);
}
