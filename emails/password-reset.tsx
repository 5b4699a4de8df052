import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type PasswordResetEmailProps = { username: string; resetUrl: string };

export const passwordResetSubject = "Reset your Authcore password";

/** Sent on a password-reset request for an active account (single use, valid for 1 hour). */
export default function PasswordResetEmail({ username, resetUrl }: PasswordResetEmailProps) {
  return (
    <EmailLayout preview="A link to choose a new password" footer="reset">
      <Heading style={styles.heading}>Reset your password</Heading>
      <Text style={styles.text}>
        Hi {username}, someone (hopefully you) asked to reset the password of your Authcore account.
      </Text>
      <Button style={styles.button} href={resetUrl}>
        Choose a new password
      </Button>
      <Text style={styles.small}>
        The link works once and expires in 1 hour. Setting a new password signs you out everywhere. If the button does
        not work, open this address: <Link href={resetUrl}>{resetUrl}</Link>
      </Text>
      <Text style={styles.small}>If you did not ask for this, ignore this email: your password stays the same.</Text>
    </EmailLayout>
  );
}
