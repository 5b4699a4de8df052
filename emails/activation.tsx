import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type ActivationEmailProps = { username: string; activateUrl: string };

export const activationSubject = "Activate your Authcore account";

/** Sent after registration: the link activates the account (single use, valid for 48 hours). */
export default function ActivationEmail({ username, activateUrl }: ActivationEmailProps) {
  return (
    <EmailLayout preview="Confirm your email address to activate your account">
      <Heading style={styles.heading}>Welcome, {username}</Heading>
      <Text style={styles.text}>Confirm your email address to activate your Authcore account.</Text>
      <Button style={styles.button} href={activateUrl}>
        Activate account
      </Button>
      <Text style={styles.small}>
        The link works once and expires in 48 hours. If the button does not work, open this address:{" "}
        <Link href={activateUrl}>{activateUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
