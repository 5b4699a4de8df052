import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

/** How the product presents itself in its emails (from configuration: lib/email/compose.ts). */
export type Brand = {
  name: string;
  /** #rrggbb, validated by the configuration. */
  color: string;
  /** An absolute URL of a PNG or JPEG logo; null: the name is shown as a wordmark. */
  logoUrl: string | null;
  appUrl: string;
};

/** The defaults, for react-email's preview server (`npm run email:dev`) and tests. */
export const PREVIEW_BRAND: Brand = {
  name: "Authcore",
  color: "#2952cc",
  logoUrl: null,
  appUrl: "http://localhost:3000",
};

/** "an Authcore", "a Bank": the name with its indefinite article (by its first letter). */
export const withArticle = (name: string) => `${/^[aeiou]/i.test(name) ? "an" : "a"} ${name}`;

/** Props every template takes besides its own. */
export type BaseEmailProps = { brand: Brand; firstName?: string };

// Many mail clients (Gmail, Outlook) do not show SVG images: a wordmark is better than a broken image.
const emailSafeLogo = (url: string | null) => (url && !/\.svg(?:[?#]|$)/i.test(new URL(url).pathname) ? url : null);

/** Dark or light text, whichever reads better on the brand colour (WCAG relative luminance). */
export function textColorOn(hex: string): "#ffffff" | "#18181b" {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is (1.05)/(L+0.05); with #18181b (L≈0.0103) it is (L+0.05)/0.0603.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0603 ? "#ffffff" : "#18181b";
}

// Prose wraps between words only (no hyphenation, no mid-word breaks); an overlong single word
// (a long username) may still wrap rather than widen the card on a phone.
const prose: CSSProperties = { wordBreak: "normal", overflowWrap: "break-word", hyphens: "none" };

export const styles = {
  heading: { fontSize: "22px", lineHeight: "30px", fontWeight: 600, color: "#18181b", margin: "0 0 16px", ...prose },
  text: { fontSize: "15px", lineHeight: "24px", color: "#27272a", ...prose },
  small: { fontSize: "13px", lineHeight: "20px", color: "#52525b", ...prose },
} satisfies Record<string, CSSProperties>;

/** The colour mixed toward white by `amount` (0–1): the brand colour made readable on a dark card. */
export function tint(hex: string, amount: number): string {
  return `#${[1, 3, 5]
    .map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16);
      return Math.round(c + (255 - c) * amount)
        .toString(16)
        .padStart(2, "0");
    })
    .join("")}`;
}

// Dark-mode overrides for clients that honour prefers-color-scheme (Apple Mail, Outlook apps);
// the others either keep the light design or invert it themselves. The only value from outside
// is the brand colour, a validated #rrggbb.
const darkModeCss = (brand: Brand) => `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .email-body, .email-body > table > tbody > tr > td { background-color: #09090b !important; }
  .email-card { background-color: #18181b !important; }
  .email-heading, .email-text { color: #f4f4f5 !important; }
  .email-muted { color: #a1a1aa !important; }
  .email-rule { border-color: #3f3f46 !important; }
  .email-link, .email-wordmark { color: ${tint(brand.color, 0.45)} !important; }
  .email-button-secondary { color: ${tint(brand.color, 0.45)} !important; border-color: ${tint(brand.color, 0.45)} !important; }
}`;

/** The greeting: the first name when the account has one, else a neutral one. */
export function Greeting({ firstName }: { firstName?: string }) {
  const name = firstName?.trim();
  return (
    <Text className="email-text" style={styles.text}>
      {name ? `Hi ${name},` : "Hello,"}
    </Text>
  );
}

/** A paragraph of the email's body, with dark-mode colours. */
export function Paragraph({ children, muted = false }: { children: ReactNode; muted?: boolean }) {
  return (
    <Text className={muted ? "email-muted" : "email-text"} style={muted ? styles.small : styles.text}>
      {children}
    </Text>
  );
}

export function Headline({ children }: { children: ReactNode }) {
  return (
    <Heading className="email-heading" style={styles.heading}>
      {children}
    </Heading>
  );
}

// A URL has no words to keep whole: it may wrap anywhere rather than widen the email on a phone
// (break-all for clients without overflow-wrap: anywhere). Only ever on URL text.
const addressStyle = (brand: Brand): CSSProperties => ({
  color: brand.color,
  wordBreak: "break-all",
  overflowWrap: "anywhere",
  hyphens: "none",
});

/**
 * A link as a button in the brand colour, with its address below in full for clients that do
 * not show the button or for copying. In the plain-text part the pair
 * reads "Label: URL" (lib/email/compose.ts).
 */
export function LinkButton({
  brand,
  href,
  children,
  secondary = false,
}: {
  brand: Brand;
  href: string;
  children: string;
  secondary?: boolean;
}) {
  const button: CSSProperties = secondary
    ? { backgroundColor: "transparent", color: brand.color, border: `2px solid ${brand.color}` }
    : { backgroundColor: brand.color, color: textColorOn(brand.color), border: `2px solid ${brand.color}` };
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button
        className={secondary ? "email-button-secondary" : undefined}
        href={href}
        data-text-format="button"
        style={{
          ...button,
          padding: "10px 20px",
          borderRadius: "6px",
          fontSize: "15px",
          lineHeight: "22px",
          fontWeight: 600,
          textDecoration: "none",
        }}
      >
        {children}
      </Button>
      <Text className="email-muted" data-skip-in-text="true" style={{ ...styles.small, margin: "8px 0 0" }}>
        Or open this address:{" "}
        <Link className="email-link" href={href} style={addressStyle(brand)}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

/**
 * The frame every email shares: the preview line, the logo (or the product's name), the card,
 * then the product footer: the product's name and link, and why this person got this email.
 */
export function EmailLayout({
  brand,
  preview,
  reason,
  children,
}: {
  brand: Brand;
  preview: string;
  /** Completes "You received this email because …". */
  reason: string;
  children: ReactNode;
}) {
  const logo = emailSafeLogo(brand.logoUrl);
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style dangerouslySetInnerHTML={{ __html: darkModeCss(brand) }} />
      </Head>
      <Preview>{preview}</Preview>
      <Body
        className="email-body"
        style={{
          backgroundColor: "#f4f4f5",
          fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
          margin: 0,
          padding: "24px 12px",
        }}
      >
        <Container style={{ maxWidth: "520px", margin: "0 auto" }}>
          <Section style={{ padding: "0 8px 16px" }}>
            {logo ? (
              <Img src={logo} alt={brand.name} height="40" style={{ height: "40px", width: "auto", border: 0 }} />
            ) : (
              <Text
                className="email-wordmark"
                data-wordmark="true"
                style={{ fontSize: "22px", lineHeight: "28px", fontWeight: 700, color: brand.color, margin: 0 }}
              >
                {brand.name}
              </Text>
            )}
          </Section>
          <Section
            className="email-card"
            style={{ backgroundColor: "#ffffff", padding: "28px 24px", borderRadius: "8px" }}
          >
            {children}
          </Section>
          <Section style={{ padding: "16px 8px 0" }}>
            <Hr className="email-rule" style={{ borderColor: "#e4e4e7", margin: "0 0 12px" }} />
            <Text className="email-muted" style={{ ...styles.small, fontSize: "12px", lineHeight: "18px", margin: 0 }}>
              You received this email because {reason}
              <br />
              {brand.name} ·{" "}
              <Link className="email-link" href={brand.appUrl} style={addressStyle(brand)}>
                {brand.appUrl}
              </Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
