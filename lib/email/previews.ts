import type { EmailMessage, EmailTemplate } from "./messages";

const to = "ada@example.com";

/** Sample messages for the development preview of every template (rendered with APP_URL). */
export const PREVIEW_MESSAGES: Record<EmailTemplate, EmailMessage> = {
  activation: {
    template: "activation",
    to,
    data: { username: "ada", firstName: "Ada", token: "preview-activation-token", cancelToken: "preview-cancel-token" },
  },
  "password-reset": {
    template: "password-reset",
    to,
    data: { username: "ada", firstName: "Ada", token: "preview-reset-token" },
  },
  "account-unlock": {
    template: "account-unlock",
    to,
    data: { username: "ada", firstName: "Ada", token: "preview-unlock-token" },
  },
  "security-notice": {
    template: "security-notice",
    to,
    data: {
      username: "ada",
      firstName: "Ada",
      event: "password-changed",
      at: "2026-12-01T09:30:00.000Z",
      ip: "203.0.113.9",
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:146.0) Gecko/20100101 Firefox/146.0",
    },
  },
  "registration-attempt": { template: "registration-attempt", to, data: { firstName: "Ada" } },
  invitation: {
    template: "invitation",
    to,
    data: { username: "ada", firstName: "Ada", token: "preview-invitation-token", invitedBy: "Grace Hopper (grace)" },
  },
};

export function isPreviewTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(PREVIEW_MESSAGES, name);
}
