import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type PasswordChangedEmailProps = { username: string; forgotPasswordUrl: string };

export const passwordChangedSubject = "Your Authcore password was changed";

/** A notice after any password change or reset, so an account takeover does not go unnoticed. */
export default function PasswordChangedEmail({ username, forgotPasswordUrl }: PasswordChangedEmailProps) {
  return (
    <EmailLayout preview="Your password was just changed">
      <Heading style={styles.heading}>Your password was changed</Heading>
      <Text style={styles.text}>
        Hi {username}, the password of your Authcore account was just changed, and your other sessions were signed out.
      </Text>
      <Text style={styles.text}>
        If you did not do this, reset your password now: <Link href={forgotPasswordUrl}>{forgotPasswordUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
