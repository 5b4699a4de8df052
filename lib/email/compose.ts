import { plainTextSelectors } from "@react-email/render";
import { compile, type FormatCallback } from "html-to-text";
import { createElement, type ReactElement } from "react";
import AccountUnlockEmail, { accountUnlockSubject } from "../../emails/account-unlock";
import ActivationEmail, { activationSubject } from "../../emails/activation";
import InvitationEmail, { invitationSubject } from "../../emails/invitation";
import type { Brand } from "../../emails/layout";
import PasswordResetEmail, { passwordResetSubject } from "../../emails/password-reset";
import RegistrationAttemptEmail, { registrationAttemptSubject } from "../../emails/registration-attempt";
import SecurityNoticeEmail, { securityNoticeSubject } from "../../emails/security-notice";
import { config } from "../config";
import { describeClient } from "../util/user-agent";
import type { EmailMessage, EmailTemplate } from "./messages";

/** Links in emails always point at APP_URL. */
function appLink(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, `${config.appUrl}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** The product's name, colour and logo from configuration (APP_NAME, BRAND_COLOR, LOGO_URL). */
const brand = (): Brand => ({ ...config.brand, appUrl: config.appUrl });

type DataOf<T extends EmailTemplate> = Extract<EmailMessage, { template: T }>["data"];

/** Per template: its subject, and its component with the message's data and APP_URL links. */
const TEMPLATES: {
  [T in EmailTemplate]: { subject(data: DataOf<T>): string; element(data: DataOf<T>): ReactElement };
} = {
  activation: {
    subject: () => activationSubject(config.brand.name),
    element: ({ username, firstName, token, cancelToken }) =>
      createElement(ActivationEmail, {
        brand: brand(),
        firstName,
        username,
        activateUrl: appLink("/activate", { token }),
        cancelUrl: appLink("/activate/cancel", { token: cancelToken }),
      }),
  },
  "password-reset": {
    subject: () => passwordResetSubject(config.brand.name),
    element: ({ username, firstName, token }) =>
      createElement(PasswordResetEmail, {
        brand: brand(),
        firstName,
        username,
        resetUrl: appLink("/reset-password", { token }),
      }),
  },
  "account-unlock": {
    subject: () => accountUnlockSubject(config.brand.name),
    element: ({ username, firstName, token }) =>
      createElement(AccountUnlockEmail, {
        brand: brand(),
        firstName,
        username,
        unlockUrl: appLink("/unlock", { token }),
        resetUrl: appLink("/forgot-password"),
      }),
  },
  "security-notice": {
    subject: ({ event }) => securityNoticeSubject(event, config.brand.name),
    element: ({ userAgent, ...data }) =>
      createElement(SecurityNoticeEmail, {
        ...data,
        brand: brand(),
        // A browser reads "Firefox on Windows"; an API client by its product token ("MyApp/2.1").
        device: userAgent.trim() ? describeClient(userAgent) : "",
        secureUrl: appLink("/forgot-password"),
      }),
  },
  "registration-attempt": {
    subject: () => registrationAttemptSubject(config.brand.name),
    element: ({ firstName }) =>
      createElement(RegistrationAttemptEmail, {
        brand: brand(),
        firstName,
        loginUrl: appLink("/login"),
        forgotPasswordUrl: appLink("/forgot-password"),
      }),
  },
  invitation: {
    subject: () => invitationSubject(config.brand.name),
    element: ({ username, firstName, token, invitedBy }) =>
      createElement(InvitationEmail, {
        brand: brand(),
        firstName,
        username,
        invitedBy,
        acceptUrl: appLink("/invitation", { token }),
      }),
  },
};

/** The template element and subject for a message, with its links built from APP_URL. */
export function composeEmail<T extends EmailTemplate>(message: {
  template: T;
  data: DataOf<T>;
}): { subject: string; element: ReactElement } {
  const template = TEMPLATES[message.template];
  return { subject: template.subject(message.data), element: template.element(message.data) };
}

export const DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * A button (emails/layout.tsx LinkButton) in the plain-text part: "Label: URL" on a line of its
 * own. The address printed below the button in HTML is skipped there (data-skip-in-text).
 */
const formatButton: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  walk(elem.children, builder);
  builder.addInline(`: ${String(elem.attribs?.href ?? "")}`, { noWordTransform: true });
  builder.closeBlock({ trailingLineBreaks: 2 });
};

// react-email's own plain-text option builds an html-to-text converter on every call (0.54 ms);
// compiled once with the same selectors it gives the same text in about 0.08 ms.
export const toText = compile({
  wordwrap: false,
  formatters: { button: formatButton },
  selectors: [...plainTextSelectors, { selector: 'a[data-text-format="button"]', format: "button" }],
});
