import { EmailLayout, Greeting, Headline, LinkButton, Paragraph, PREVIEW_BRAND, type BaseEmailProps } from "./layout";

export type PasswordResetEmailProps = BaseEmailProps & { username: string; resetUrl: string };

export const passwordResetSubject = (appName: string) => `Reset your ${appName} password`;

/** Sent on a password-reset request for an active account (single use, valid for 1 hour). */
export default function PasswordResetEmail({ brand, firstName, username, resetUrl }: PasswordResetEmailProps) {
  return (
    <EmailLayout
      brand={brand}
      preview="A link to choose a new password"
      reason={`a password reset was requested for the ${brand.name} account ${username}.`}
    >
      <Headline>Reset your password</Headline>
      <Greeting firstName={firstName} />
      <Paragraph>
        Someone (hopefully you) asked to reset the password of your {brand.name} account <strong>{username}</strong>.
      </Paragraph>
      <LinkButton brand={brand} href={resetUrl}>
        Choose a new password
      </LinkButton>
      <Paragraph muted>
        The link works once and expires in 1 hour. Nothing changes until it is used: your current password keeps
        working. Setting a new password signs you out everywhere.
      </Paragraph>
    </EmailLayout>
  );
}

PasswordResetEmail.PreviewProps = {
  brand: PREVIEW_BRAND,
  firstName: "Ada",
  username: "ada",
  resetUrl: `${PREVIEW_BRAND.appUrl}/reset-password?token=preview-reset-token`,
} satisfies PasswordResetEmailProps;
