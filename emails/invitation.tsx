import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export type InvitationEmailProps = { username: string; invitedBy: string; acceptUrl: string };

export const invitationSubject = "You have been invited to Authcore";

/**
 * Sent when an administrator creates an account without a password. The link opens a page where
 * the person chooses their password (opening it changes nothing) and is then signed in.
 */
export default function InvitationEmail({ username, invitedBy, acceptUrl }: InvitationEmailProps) {
  return (
    <EmailLayout preview={`${invitedBy} created an Authcore account for you`} footer="notice">
      <Heading style={styles.heading}>Welcome, {username}</Heading>
      <Text style={styles.text}>
        {invitedBy} created an Authcore account for you with the username <strong>{username}</strong>. Choose a password
        to start using it.
      </Text>
      <Button style={styles.button} href={acceptUrl}>
        Choose a password
      </Button>
      <Text style={styles.small}>
        The link works once and expires in 7 days. If the button does not work, open this address:{" "}
        <Link href={acceptUrl}>{acceptUrl}</Link>
      </Text>
      <Text style={styles.small}>
        Not expecting this? Ignore this email: nothing happens unless someone opens the link and chooses a password. If
        the link has expired, ask your administrator for a new invitation.
      </Text>
    </EmailLayout>
  );
}
