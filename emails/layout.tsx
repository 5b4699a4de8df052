import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const body = {
  backgroundColor: "#f4f4f5",
  fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
};
const container = {
  backgroundColor: "#ffffff",
  margin: "32px auto",
  padding: "32px",
  maxWidth: "520px",
  borderRadius: "8px",
};
const footerStyle = { color: "#71717a", fontSize: "12px", lineHeight: "18px" };

const FOOTERS = {
  activation:
    "You received this email because this address was used to create an Authcore account. Nothing happens " +
    "unless someone opens the link above and enters the password chosen at registration.",
  reset:
    "You received this email because a password reset was requested for your Authcore account. If it wasn't " +
    "you, nothing changes unless someone uses the link above.",
  security:
    "You received this email because of a security-related change to your Authcore account. We send these " +
    "notices for every such change; they cannot be turned off.",
  notice: "You received this email because of activity on your Authcore account.",
} as const;

/** The frame every Authcore email shares: preview line, card, and a footer saying why it was sent. */
export function EmailLayout({
  preview,
  footer,
  children,
}: {
  preview: string;
  footer: keyof typeof FOOTERS;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Section>{children}</Section>
          <Hr />
          <Text style={footerStyle}>{FOOTERS[footer]}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const styles = {
  heading: { fontSize: "22px", fontWeight: 600, color: "#18181b", margin: "0 0 16px" },
  text: { fontSize: "15px", lineHeight: "24px", color: "#27272a" },
  button: {
    backgroundColor: "#2563eb",
    color: "#ffffff",
    padding: "12px 20px",
    borderRadius: "6px",
    fontSize: "15px",
    fontWeight: 600,
    textDecoration: "none",
    display: "inline-block",
  },
  small: { fontSize: "13px", lineHeight: "20px", color: "#52525b", wordBreak: "break-all" as const },
};
