import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type ActivationEmailProps = { username: string; activateUrl: string; cancelUrl: string };

export const activationSubject = "Activate your Authcore account";

/**
 * Sent after registration. The link opens a page that asks for the password chosen at
 * registration (opening it changes nothing); "this wasn't me" cancels the pending account.
 */
export default function ActivationEmail({ username, activateUrl, cancelUrl }: ActivationEmailProps) {
  return (
    <EmailLayout preview="Confirm your email address to activate your account" footer="activation">
      <Heading style={styles.heading}>Welcome, {username}</Heading>
      <Text style={styles.text}>
        Confirm your email address to activate your Authcore account. You will be asked for the password you chose when
        you registered.
      </Text>
      <Button style={styles.button} href={activateUrl}>
        Activate account
      </Button>
      <Text style={styles.small}>
        The link works once and expires in 48 hours. If the button does not work, open this address:{" "}
        <Link href={activateUrl}>{activateUrl}</Link>
      </Text>
      <Text style={styles.text}>
        Didn&apos;t create an account? Someone may have typed your address by mistake or on purpose.{" "}
        <Link href={cancelUrl}>This wasn&apos;t me: cancel the registration</Link>.
      </Text>
    </EmailLayout>
  );
}
