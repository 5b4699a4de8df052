import { Section } from "@react-email/components";
import { EmailLayout, Greeting, Headline, LinkButton, Paragraph, PREVIEW_BRAND, type BaseEmailProps } from "./layout";

/** Security events the owner is told about, each with a way to secure the account. */
export const SECURITY_EVENTS = [
  "password-changed",
  "password-reset",
  "password-set",
  "google-linked",
  "google-unlinked",
  "google-unlinked-by-reset",
  "username-changed",
  "other-sessions-signed-out",
  "account-disabled",
  "email-changed",
  "totp-enrolled",
  "totp-removed",
  "passkey-added",
  "passkey-removed",
  "recovery-codes-generated",
  "recovery-code-used",
  "second-factors-reset",
] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

export type SecurityNoticeEmailProps = BaseEmailProps & {
  username: string;
  event: SecurityEvent;
  /** ISO 8601 time of the change. */
  at: string;
  /** The address the change was made from ("" when unknown). */
  ip: string;
  /** A readable device ("Firefox on Windows", lib/util/user-agent.ts; "" when unknown). */
  device: string;
  secureUrl: string;
};

const WHAT: Record<SecurityEvent, { subject: string; headline: string; body: string }> = {
  "password-changed": {
    subject: "Your {app} password was changed",
    headline: "Your password was changed",
    body: "The password of your account was changed, and your other sessions were signed out.",
  },
  "password-reset": {
    subject: "Your {app} password was reset",
    headline: "Your password was reset",
    body: "The password of your account was reset from an emailed link, and every session was signed out.",
  },
  "password-set": {
    subject: "A password was added to your {app} account",
    headline: "A password was added",
    body: "Your account can now also be signed in to with a password. Your other sessions were signed out.",
  },
  "google-linked": {
    subject: "Google sign-in was linked to your {app} account",
    headline: "Google sign-in was linked",
    body: "A Google account can now sign in to your account.",
  },
  "google-unlinked": {
    subject: "Google sign-in was removed from your {app} account",
    headline: "Google sign-in was removed",
    body: "Your Google account can no longer sign in to your account.",
  },
  "google-unlinked-by-reset": {
    subject: "Google sign-in was removed from your {app} account",
    headline: "Google sign-in was removed",
    body: "Your password was reset, and the Google account linked to your account was removed with it.",
  },
  "username-changed": {
    subject: "Your {app} username was changed",
    headline: "Your username was changed",
    body: "The username of your account was changed.",
  },
  "other-sessions-signed-out": {
    subject: "Your other {app} sessions were signed out",
    headline: "Other sessions were signed out",
    body: "Every session of your account except the one that asked for it was signed out.",
  },
  "account-disabled": {
    subject: "Your {app} account was disabled",
    headline: "Your account was disabled",
    body: "An administrator disabled your account: it cannot sign in, and every session was signed out.",
  },
  "email-changed": {
    subject: "The email address of your {app} account was changed",
    headline: "Your email address was changed",
    body: "An administrator changed the email address of your account. Emails about it, password reset links included, now go to the new address.",
  },
  "totp-enrolled": {
    subject: "An authenticator app was added to your {app} account",
    headline: "An authenticator app was added",
    body: "Signing in to your account now also asks for a code from an authenticator app.",
  },
  "totp-removed": {
    subject: "The authenticator app was removed from your {app} account",
    headline: "The authenticator app was removed",
    body: "Codes from your authenticator app no longer work for your account.",
  },
  "passkey-added": {
    subject: "A passkey was added to your {app} account",
    headline: "A passkey was added",
    body: "A new passkey can now sign in to your account.",
  },
  "passkey-removed": {
    subject: "A passkey was removed from your {app} account",
    headline: "A passkey was removed",
    body: "One of your passkeys can no longer sign in to your account.",
  },
  "recovery-codes-generated": {
    subject: "New recovery codes for your {app} account",
    headline: "New recovery codes were generated",
    body: "A new set of recovery codes was generated for your account. The old ones no longer work.",
  },
  "recovery-code-used": {
    subject: "A recovery code was used on your {app} account",
    headline: "A recovery code was used",
    body: "Someone signed in to your account with one of its recovery codes. Each code works only once.",
  },
  "second-factors-reset": {
    subject: "The second factors of your {app} account were reset",
    headline: "Your second factors were reset",
    body: "An administrator removed every second factor from your account (authenticator app, passkeys and recovery codes), and every session was signed out. Set up a new one after you sign in.",
  },
};

export const securityNoticeSubject = (event: SecurityEvent, appName: string) =>
  WHAT[event].subject.replace("{app}", appName);

const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: "UTC" });

/** When the change was made, in UTC with the zone named ("Tuesday 1 December 2026 at 09:30 UTC"). */
export function formatNoticeTime(iso: string): string {
  return `${WHEN.format(new Date(iso))} UTC`;
}

/**
 * A notice after a change to how the account signs in. It never tells the reader to ignore it:
 * it says when, from which device and address the change was made, and how to take the account
 * back if it was not them.
 */
export default function SecurityNoticeEmail({
  brand,
  firstName,
  username,
  event,
  at,
  ip,
  device,
  secureUrl,
}: SecurityNoticeEmailProps) {
  const what = WHAT[event];
  return (
    <EmailLayout
      brand={brand}
      preview={what.headline}
      reason={`of a security-related change to the ${brand.name} account ${username}. We send these notices for every such change; they cannot be turned off.`}
    >
      <Headline>{what.headline}</Headline>
      <Greeting firstName={firstName} />
      <Paragraph>{what.body}</Paragraph>
      <Section data-notice-details="true" style={{ margin: "16px 0" }}>
        <Paragraph muted>
          <strong>Account:</strong> {username}
          <br />
          <strong>Time:</strong> {formatNoticeTime(at)}
          <br />
          <strong>Device:</strong> {device || "Unknown device"}
          <br />
          <strong>IP address:</strong> {ip || "Unknown"}
        </Paragraph>
      </Section>
      <Paragraph>If this was not you, reset your password now: it signs out every session.</Paragraph>
      <LinkButton brand={brand} href={secureUrl}>
        Reset my password
      </LinkButton>
    </EmailLayout>
  );
}

SecurityNoticeEmail.PreviewProps = {
  brand: PREVIEW_BRAND,
  firstName: "Ada",
  username: "ada",
  event: "password-changed",
  at: "2026-12-01T09:30:00.000Z",
  ip: "203.0.113.9",
  device: "Firefox on Windows",
  secureUrl: `${PREVIEW_BRAND.appUrl}/forgot-password`,
} satisfies SecurityNoticeEmailProps;
