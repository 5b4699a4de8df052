import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type AccountUnlockEmailProps = { username: string; unlockUrl: string; resetUrl: string };

export const accountUnlockSubject = "Your Authcore account was locked after failed sign-ins";

/** Sent when repeated failed sign-ins lock an account: the owner unlocks it with the link. */
export default function AccountUnlockEmail({ username, unlockUrl, resetUrl }: AccountUnlockEmailProps) {
  return (
    <EmailLayout preview="Too many failed sign-ins: unlock your account" footer="security">
      <Heading style={styles.heading}>Your account is locked</Heading>
      <Text style={styles.text}>
        Hi {username}, there were too many failed attempts to sign in to your Authcore account, so sign-ins from new
        browsers are paused. Browsers you signed in with before keep working.
      </Text>
      <Button style={styles.button} href={unlockUrl}>
        Unlock my account
      </Button>
      <Text style={styles.small}>
        The link works once and expires in 24 hours. If the button does not work, open this address:{" "}
        <Link href={unlockUrl}>{unlockUrl}</Link>
      </Text>
      <Text style={styles.text}>
        If these attempts were not yours, someone may be guessing your password: choose a new one here:{" "}
        <Link href={resetUrl}>{resetUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
