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

export type RegistrationAttemptEmailProps = BaseEmailProps & { loginUrl: string; forgotPasswordUrl: string };

export const registrationAttemptSubject = (appName: string) =>
  `Someone tried to create ${withArticle(appName)} account with your email`;

/**
 * Sent instead of an activation email when someone registers with an address that already has an
 * account: the owner learns about it, the person registering learns nothing (no enumeration).
 */
export default function RegistrationAttemptEmail({
  brand,
  firstName,
  loginUrl,
  forgotPasswordUrl,
}: RegistrationAttemptEmailProps) {
  return (
    <EmailLayout
      brand={brand}
      preview="Your email address already has an account"
      reason={`someone tried to register ${withArticle(brand.name)} account with this address.`}
    >
      <Headline>You already have an account</Headline>
      <Greeting firstName={firstName} />
      <Paragraph>
        Someone tried to create a new {brand.name} account with this email address, which already has one. No new
        account was created, and yours is unchanged.
      </Paragraph>
      <Paragraph>If it was you, sign in instead:</Paragraph>
      <LinkButton brand={brand} href={loginUrl}>
        Sign in
      </LinkButton>
      <Paragraph>Forgot your password?</Paragraph>
      <LinkButton brand={brand} href={forgotPasswordUrl} secondary>
        Reset my password
      </LinkButton>
      <Paragraph muted>If you did not try to register, you can ignore this email.</Paragraph>
    </EmailLayout>
  );
}

RegistrationAttemptEmail.PreviewProps = {
  brand: PREVIEW_BRAND,
  firstName: "Ada",
  loginUrl: `${PREVIEW_BRAND.appUrl}/login`,
  forgotPasswordUrl: `${PREVIEW_BRAND.appUrl}/forgot-password`,
} satisfies RegistrationAttemptEmailProps;
