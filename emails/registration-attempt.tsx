import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type RegistrationAttemptEmailProps = { loginUrl: string; forgotPasswordUrl: string };

export const registrationAttemptSubject = "Someone tried to create an Authcore account with your email";

/**
 * Sent instead of an activation email when someone registers with an address that already has an
 * account: the owner learns about it, the person registering learns nothing (no enumeration).
 */
export default function RegistrationAttemptEmail({ loginUrl, forgotPasswordUrl }: RegistrationAttemptEmailProps) {
  return (
    <EmailLayout preview="Your email address already has an account" footer="notice">
      <Heading style={styles.heading}>You already have an account</Heading>
      <Text style={styles.text}>
        Someone tried to create a new Authcore account with this email address, which already has one. No new account
        was created.
      </Text>
      <Text style={styles.text}>
        If it was you, sign in here: <Link href={loginUrl}>{loginUrl}</Link>
        <br />
        Forgot your password? Reset it here: <Link href={forgotPasswordUrl}>{forgotPasswordUrl}</Link>
      </Text>
      <Text style={styles.small}>If it wasn&apos;t you, you can ignore this email.</Text>
    </EmailLayout>
  );
}
