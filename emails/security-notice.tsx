import { Button, Heading, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

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

export type SecurityNoticeEmailProps = {
  username: string;
  event: SecurityEvent;
  at: string;
  ip: string;
  userAgent: string;
  secureUrl: string;
};

const WHAT: Record<SecurityEvent, { subject: string; headline: string; body: string }> = {
  "password-changed": {
    subject: "Your Authcore password was changed",
    headline: "Your password was changed",
    body: "The password of your account was changed, and your other sessions were signed out.",
  },
  "password-reset": {
    subject: "Your Authcore password was reset",
    headline: "Your password was reset",
    body: "The password of your account was reset from an emailed link, and every session was signed out.",
  },
  "password-set": {
    subject: "A password was added to your Authcore account",
    headline: "A password was added",
    body: "Your account can now also be signed in to with a password. Your other sessions were signed out.",
  },
  "google-linked": {
    subject: "Google sign-in was linked to your Authcore account",
    headline: "Google sign-in was linked",
    body: "A Google account can now sign in to your account.",
  },
  "google-unlinked": {
    subject: "Google sign-in was removed from your Authcore account",
    headline: "Google sign-in was removed",
    body: "Your Google account can no longer sign in to your account.",
  },
  "google-unlinked-by-reset": {
    subject: "Google sign-in was removed from your Authcore account",
    headline: "Google sign-in was removed",
    body: "Your password was reset, and the Google account linked to your account was removed with it.",
  },
  "username-changed": {
    subject: "Your Authcore username was changed",
    headline: "Your username was changed",
    body: "The username of your account was changed.",
  },
  "other-sessions-signed-out": {
    subject: "Your other Authcore sessions were signed out",
    headline: "Other sessions were signed out",
    body: "Every session of your account except the one that asked for it was signed out.",
  },
  "account-disabled": {
    subject: "Your Authcore account was disabled",
    headline: "Your account was disabled",
    body: "An administrator disabled your account: it cannot sign in, and every session was signed out.",
  },
  "email-changed": {
    subject: "The email address of your Authcore account was changed",
    headline: "Your email address was changed",
    body: "An administrator changed the email address of your account. Emails about it, password reset links included, now go to the new address.",
  },
  "totp-enrolled": {
    subject: "An authenticator app was added to your Authcore account",
    headline: "An authenticator app was added",
    body: "Signing in to your account now also asks for a code from an authenticator app.",
  },
  "totp-removed": {
    subject: "The authenticator app was removed from your Authcore account",
    headline: "The authenticator app was removed",
    body: "Codes from your authenticator app no longer work for your account.",
  },
  "passkey-added": {
    subject: "A passkey was added to your Authcore account",
    headline: "A passkey was added",
    body: "A new passkey can now sign in to your account.",
  },
  "passkey-removed": {
    subject: "A passkey was removed from your Authcore account",
    headline: "A passkey was removed",
    body: "One of your passkeys can no longer sign in to your account.",
  },
  "recovery-codes-generated": {
    subject: "New recovery codes for your Authcore account",
    headline: "New recovery codes were generated",
    body: "A new set of recovery codes was generated for your account. The old ones no longer work.",
  },
  "recovery-code-used": {
    subject: "A recovery code was used on your Authcore account",
    headline: "A recovery code was used",
    body: "Someone signed in to your account with one of its recovery codes. Each code works only once.",
  },
  "second-factors-reset": {
    subject: "The second factors of your Authcore account were reset",
    headline: "Your second factors were reset",
    body: "An administrator removed every second factor from your account (authenticator app, passkeys and recovery codes), and every session was signed out. Set up a new one after you sign in.",
  },
};

export const securityNoticeSubject = (event: SecurityEvent) => WHAT[event].subject;

/** A notice after a change to how the account signs in, with a way to take it back if it wasn't them. */
export default function SecurityNoticeEmail({
  username,
  event,
  at,
  ip,
  userAgent,
  secureUrl,
}: SecurityNoticeEmailProps) {
  const what = WHAT[event];
  return (
    <EmailLayout preview={what.headline} footer="security">
      <Heading style={styles.heading}>{what.headline}</Heading>
      <Text style={styles.text}>
        Hi {username}. {what.body}
      </Text>
      <Text style={styles.small}>
        When: {new Date(at).toUTCString()}
        {ip ? (
          <>
            <br />
            From: {ip}
          </>
        ) : null}
        {userAgent ? (
          <>
            <br />
            Device: {userAgent}
          </>
        ) : null}
      </Text>
      <Text style={styles.text}>If this wasn&apos;t you, secure your account now: choose a new password.</Text>
      <Button style={styles.button} href={secureUrl}>
        Secure my account
      </Button>
    </EmailLayout>
  );
}
