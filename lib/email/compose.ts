import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";
import { createElement, type ReactElement } from "react";
import ActivationEmail, { activationSubject } from "../../emails/activation";
import PasswordChangedEmail, { passwordChangedSubject } from "../../emails/password-changed";
import PasswordResetEmail, { passwordResetSubject } from "../../emails/password-reset";
import RegistrationAttemptEmail, { registrationAttemptSubject } from "../../emails/registration-attempt";
import { config } from "../config";
import type { EmailMessage } from "./messages";

/** Links in emails always point at APP_URL. */
export function appLink(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, `${config.appUrl}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** The template element and subject for a message, with its links built from APP_URL. */
export function composeEmail(message: EmailMessage): { subject: string; element: ReactElement } {
  switch (message.template) {
    case "activation":
      return {
        subject: activationSubject,
        element: createElement(ActivationEmail, {
          username: message.data.username,
          activateUrl: appLink("/activate", { token: message.data.token }),
        }),
      };
    case "password-reset":
      return {
        subject: passwordResetSubject,
        element: createElement(PasswordResetEmail, {
          username: message.data.username,
          resetUrl: appLink("/reset-password", { token: message.data.token }),
        }),
      };
    case "password-changed":
      return {
        subject: passwordChangedSubject,
        element: createElement(PasswordChangedEmail, {
          username: message.data.username,
          forgotPasswordUrl: appLink("/forgot-password"),
        }),
      };
    case "registration-attempt":
      return {
        subject: registrationAttemptSubject,
        element: createElement(RegistrationAttemptEmail, {
          loginUrl: appLink("/login"),
          forgotPasswordUrl: appLink("/forgot-password"),
        }),
      };
  }
}

export const DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

// react-email's own plain-text option builds an html-to-text converter on every call (0.54 ms);
// compiled once with the same selectors it gives the same text in about 0.08 ms.
export const toText = compile({ wordwrap: false, selectors: plainTextSelectors });
