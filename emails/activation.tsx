import { EmailLayout, Greeting, Headline, LinkButton, Paragraph, PREVIEW_BRAND, type BaseEmailProps } from "./layout";

export type ActivationEmailProps = BaseEmailProps & { username: string; activateUrl: string; cancelUrl: string };

export const activationSubject = (appName: string) => `Activate your ${appName} account`;

/**
 * Sent after registration. The link opens a page that asks for the password chosen at
 * registration (opening it changes nothing); "this wasn't me" cancels the pending account.
 */
export default function ActivationEmail({ brand, firstName, username, activateUrl, cancelUrl }: ActivationEmailProps) {
  return (
    <EmailLayout
      brand={brand}
      preview="Confirm your email address to activate your account"
      reason={`this address was used to create the ${brand.name} account ${username}.`}
    >
      <Headline>Activate your account</Headline>
      <Greeting firstName={firstName} />
      <Paragraph>
        Confirm your email address to activate your {brand.name} account <strong>{username}</strong>. You will be asked
        for the password you chose when you registered.
      </Paragraph>
      <LinkButton brand={brand} href={activateUrl}>
        Activate account
      </LinkButton>
      <Paragraph muted>The link works once and expires in 48 hours.</Paragraph>
      <Paragraph muted>
        Didn&apos;t create an account? Someone may have typed your address by mistake or on purpose. You can ignore this
        email: nothing happens unless someone opens the link and enters the password chosen at registration. To remove
        the registration now:
      </Paragraph>
      <LinkButton brand={brand} href={cancelUrl} secondary>
        Cancel the registration
      </LinkButton>
    </EmailLayout>
  );
}

ActivationEmail.PreviewProps = {
  brand: PREVIEW_BRAND,
  firstName: "Ada",
  username: "ada",
  activateUrl: `${PREVIEW_BRAND.appUrl}/activate?token=preview-activation-token`,
  cancelUrl: `${PREVIEW_BRAND.appUrl}/activate/cancel?token=preview-cancel-token`,
} satisfies ActivationEmailProps;
