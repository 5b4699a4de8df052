import { EmailLayout, Greeting, Headline, LinkButton, Paragraph, PREVIEW_BRAND, type BaseEmailProps } from "./layout";

export type AccountUnlockEmailProps = BaseEmailProps & { username: string; unlockUrl: string; resetUrl: string };

export const accountUnlockSubject = (appName: string) => `Your ${appName} account was locked after failed sign-ins`;

/** Sent when repeated failed sign-ins lock an account: the owner unlocks it with the link. */
export default function AccountUnlockEmail({
  brand,
  firstName,
  username,
  unlockUrl,
  resetUrl,
}: AccountUnlockEmailProps) {
  return (
    <EmailLayout
      brand={brand}
      preview="Too many failed sign-ins: unlock your account"
      reason={`of repeated failed sign-ins to the ${brand.name} account ${username}.`}
    >
      <Headline>Your account is locked</Headline>
      <Greeting firstName={firstName} />
      <Paragraph>
        There were too many failed attempts to sign in to your {brand.name} account <strong>{username}</strong>, so
        sign-ins from new browsers are paused. Browsers you signed in with before keep working.
      </Paragraph>
      <LinkButton brand={brand} href={unlockUrl}>
        Unlock my account
      </LinkButton>
      <Paragraph muted>The link works once and expires in 24 hours.</Paragraph>
      <Paragraph>
        If these attempts were not yours, someone may be guessing your password. Reset your password now:
      </Paragraph>
      <LinkButton brand={brand} href={resetUrl} secondary>
        Reset my password
      </LinkButton>
    </EmailLayout>
  );
}

AccountUnlockEmail.PreviewProps = {
  brand: PREVIEW_BRAND,
  firstName: "Ada",
  username: "ada",
  unlockUrl: `${PREVIEW_BRAND.appUrl}/unlock?token=preview-unlock-token`,
  resetUrl: `${PREVIEW_BRAND.appUrl}/forgot-password`,
} satisfies AccountUnlockEmailProps;
