import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { textColorOn, tint, type Brand } from "../../emails/layout";
import PasswordResetEmail from "../../emails/password-reset";
import { toText } from "./compose";
import { EMAIL_TEMPLATES, SECURITY_EVENTS, type EmailMessage } from "./messages";
import { PREVIEW_MESSAGES } from "./previews";
import { renderEmail } from "./render";

const APP = "http://localhost:3000";
const decode = (href: string) => href.replaceAll("&amp;", "&");

const attribute = (attributes: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? "";

/** The buttons of an email's HTML: their address, style and label. */
function buttonsOf(html: string) {
  return [...html.matchAll(/<a ([^>]*data-text-format="button"[^>]*)>(.*?)<\/a>/g)].map(
    ([, attributes = "", inner = ""]) => ({
      href: decode(attribute(attributes, "href")),
      style: attribute(attributes, "style"),
      label: inner.replace(/<!--.*?-->/g, "").replace(/<[^>]+>/g, ""),
    }),
  );
}

/** The links whose text is their own address (the copyable URL below each button). */
function addressLinksOf(html: string) {
  return [...html.matchAll(/<a ([^>]*)>([^<]+)<\/a>/g)]
    .filter(([, attributes = "", text]) => attribute(attributes, "href") === text)
    .map(([, attributes = ""]) => ({
      href: decode(attribute(attributes, "href")),
      style: attribute(attributes, "style"),
    }));
}

const withoutFirstName = (message: EmailMessage): EmailMessage =>
  ({ ...message, data: { ...message.data, firstName: undefined } }) as EmailMessage;

describe.each(EMAIL_TEMPLATES)("the %s email", (template) => {
  const message = PREVIEW_MESSAGES[template];
  const email = renderEmail(message);

  it("shows the product's name as a wordmark when no logo is configured", () => {
    expect(email.html).toMatch(/<p [^>]*data-wordmark="true" style="[^"]*color:#2952cc[^"]*">Authcore<\/p>/);
    expect(email.html).not.toContain("<img");
  });

  it("shows every link as a button in the brand colour, its address below it, and 'Label: URL' in the text", () => {
    const buttons = buttonsOf(email.html);
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons[0]?.style).toContain("background-color:#2952cc");
    const addresses = addressLinksOf(email.html);
    for (const button of buttons) {
      expect(button.href.startsWith(`${APP}/`)).toBe(true);
      expect(button.style).toContain("#2952cc");
      expect(addresses.map((a) => a.href)).toContain(button.href);
      expect(email.text).toContain(`${button.label}: ${button.href}`);
    }
    // Apart from the product link in the footer, no link is left without its button.
    const hrefs = [...email.html.matchAll(/href="([^"]+)"/g)].map(([, href = ""]) => decode(href));
    for (const href of hrefs.filter((h) => h !== APP)) expect(buttons.map((b) => b.href)).toContain(href);
  });

  it("lets long addresses wrap anywhere, and never breaks or hyphenates the words of the prose", () => {
    for (const address of addressLinksOf(email.html)) {
      expect(address.style).toContain("overflow-wrap:anywhere");
    }
    const styles = [...email.html.matchAll(/style="([^"]*)"/g)].map(([, style = ""]) => style);
    const breakAll = styles.filter((style) => style.includes("word-break:break-all"));
    expect(breakAll.every((style) => style.includes("overflow-wrap:anywhere"))).toBe(true);
    expect(breakAll).toHaveLength(addressLinksOf(email.html).length);
    const prose = styles.filter((style) => style.includes("font-size:15px;line-height:24px"));
    expect(prose.length).toBeGreaterThan(0);
    for (const style of prose) expect(style).toContain("word-break:normal");
    for (const style of prose) expect(style).toContain("hyphens:none");
  });

  it("greets the person by first name when the account has one, neutrally when not", () => {
    expect(email.text).toContain("Hi Ada,");
    const anonymous = renderEmail(withoutFirstName(message));
    expect(anonymous.text).not.toContain("Ada");
    expect(anonymous.text).toContain("Hello,");
  });

  it("ends with the product footer: why it was sent, the product's name and link", () => {
    for (const part of [email.html, email.text]) expect(part).toContain("You received this email because");
    expect(email.html).toMatch(new RegExp(`Authcore · <a [^>]*href="${APP}"`));
    expect(email.text).toContain(`Authcore · ${APP}`);
  });

  it("supports dark mode, has a preview line, and keeps markup out of the text part", () => {
    expect(email.html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(email.html).toContain("@media (prefers-color-scheme: dark)");
    // Links and the wordmark in a lighter tint of the brand colour on the dark card.
    expect(email.html).toContain(".email-link, .email-wordmark { color: #89a0e3 !important; }");
    expect(email.html).toMatch(/<div style="display:none[^"]*"[^>]*>[A-Z]/);
    expect(email.text).not.toMatch(/<[a-z]/i);
    expect(email.text).not.toContain("prefers-color-scheme");
  });
});

describe("footers that fit the email", () => {
  it("lets activation, registration-attempt and invitation emails be ignored, saying why that is safe", () => {
    expect(renderEmail(PREVIEW_MESSAGES.activation).text).toMatch(/ignore this email: nothing happens unless/);
    const attempt = renderEmail(PREVIEW_MESSAGES["registration-attempt"]).text;
    expect(attempt).toContain("Someone tried to create a new Authcore account with this email address");
    expect(attempt).toMatch(/If you did not try to register, you can ignore this email/);
    expect(renderEmail(PREVIEW_MESSAGES.invitation).text).toMatch(/ignore this email: nothing happens unless/);
  });

  it("says a reset link expires and that nothing changes until it is used", () => {
    const text = renderEmail(PREVIEW_MESSAGES["password-reset"]).text;
    expect(text).toContain("expires in 1 hour");
    expect(text).toContain("Nothing changes until it is used");
  });

  it("never tells the owner of a locked account to ignore it: it offers a password reset", () => {
    const text = renderEmail(PREVIEW_MESSAGES["account-unlock"]).text;
    expect(text).not.toMatch(/ignore/i);
    expect(text).toContain(`Reset my password: ${APP}/forgot-password`);
  });
});

describe("security notices", () => {
  const notice = PREVIEW_MESSAGES["security-notice"] as Extract<EmailMessage, { template: "security-notice" }>;

  it.each(SECURITY_EVENTS)("%s names the time, device and IP, never says to ignore it, offers a reset", (event) => {
    const email = renderEmail({ ...notice, data: { ...notice.data, event } });
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Tuesday, 1 December 2026 at 09:30 UTC");
      expect(part).toContain("Firefox on Windows");
      expect(part).toContain("203.0.113.9");
      expect(part).not.toMatch(/ignore/i);
    }
    expect(email.text).toContain("Time: Tuesday, 1 December 2026 at 09:30 UTC");
    expect(email.text).toContain("Device: Firefox on Windows");
    expect(email.text).toContain("IP address: 203.0.113.9");
    expect(email.text).toContain("If this was not you, reset your password now");
    expect(email.text).toContain(`Reset my password: ${APP}/forgot-password`);
    expect(email.text).not.toContain("Mozilla/5.0");
  });

  it("says so when the device or address is unknown, and names an API client by its product", () => {
    const unknown = renderEmail({ ...notice, data: { ...notice.data, ip: "", userAgent: "" } }).text;
    expect(unknown).toContain("Device: Unknown device");
    expect(unknown).toContain("IP address: Unknown");
    const client = renderEmail({ ...notice, data: { ...notice.data, userAgent: "MyApp/2.1 (build 7)" } }).text;
    expect(client).toContain("Device: MyApp/2.1");
  });
});

describe("branding", () => {
  const acme: Brand = {
    name: "Acme",
    color: "#ffcc00",
    logoUrl: "https://cdn.example.net/acme.png",
    appUrl: "https://id.acme.test",
  };
  const render = (brand: Brand) => {
    const html = renderToStaticMarkup(
      createElement(PasswordResetEmail, { brand, username: "ada", resetUrl: `${brand.appUrl}/reset-password?token=t` }),
    );
    return { html, text: toText(html) };
  };

  it("shows the configured logo, name and colour, with readable text on a light colour", () => {
    const { html, text } = render(acme);
    expect(html).toMatch(/<img alt="Acme" height="40" src="https:\/\/cdn.example.net\/acme.png"/);
    expect(html).not.toContain("data-wordmark");
    expect(buttonsOf(html)[0]?.style).toContain("background-color:#ffcc00;color:#18181b");
    expect(text).toContain("Acme · https://id.acme.test");
    expect(text).toContain("Choose a new password: https://id.acme.test/reset-password?token=t");
  });

  it("shows the name instead of an SVG logo, which many mail clients do not display", () => {
    const { html } = render({ ...acme, logoUrl: "https://id.acme.test/icon.svg" });
    expect(html).not.toContain("<img");
    expect(html).toContain(">Acme</p>");
  });

  it("picks white or near-black button text, whichever contrasts more with the colour", () => {
    expect(textColorOn("#2952cc")).toBe("#ffffff");
    expect(textColorOn("#000000")).toBe("#ffffff");
    expect(textColorOn("#ffcc00")).toBe("#18181b");
    expect(textColorOn("#ffffff")).toBe("#18181b");
  });

  it("lightens the brand colour for dark mode by mixing it toward white", () => {
    expect(tint("#2952cc", 0)).toBe("#2952cc");
    expect(tint("#2952cc", 0.45)).toBe("#89a0e3");
    expect(tint("#000000", 0.5)).toBe("#808080");
    expect(tint("#123456", 1)).toBe("#ffffff");
  });
});
