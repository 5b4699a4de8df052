import {
  EmailLayout,
  Greeting,
  Headline,
  LinkButton,
  Paragraph,
  PREVIEW_BRAND,
  type BaseEmailProps,
  withArticle,
} from "./layout";

export type InvitationEmailProps = BaseEmailProps & { username: string; invitedBy: string; acceptUrl: string };

export const invitationSubject = (appName: string) => `You have been invited to ${appName}`;

/**
 * Sent when an administrator creates an account without a password. The link opens a page where
 * the person chooses their password (opening it changes nothing) and is then signed in.
 */
export default function InvitationEmail({ brand, firstName, username, invitedBy, acceptUrl }: InvitationEmailProps) {
  return (
    <EmailLayout
      brand={brand}
      preview={`${invitedBy} created ${withArticle(brand.name)} account for you`}
      reason={`an administrator of ${brand.name} created an account for this address.`}
    >
      <Headline>You have been invited</Headline>
      <Greeting firstName={firstName} />
      <Paragraph>
        {invitedBy} created {withArticle(brand.name)} account for you with the username <strong>{username}</strong>.
        Choose a password to start using it.
      </Paragraph>
      <LinkButton brand={brand} href={acceptUrl}>
        Choose a password
      </LinkButton>
      <Paragraph muted>
        The link works once and expires in 7 days. If it has expired, ask your administrator for a new invitation. Not
        expecting this? You can ignore this email: nothing happens unless someone opens the link and chooses a password.
      </Paragraph>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  brand: PREVIEW_BRAND,
  firstName: "Ada",
  username: "ada",
  invitedBy: "Grace Hopper (grace)",
  acceptUrl: `${PREVIEW_BRAND.appUrl}/invitation?token=preview-invitation-token`,
} satisfies InvitationEmailProps;
