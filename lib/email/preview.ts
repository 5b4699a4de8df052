import { render } from "@react-email/render";
import { composeEmail, toText } from "./compose";
import type { EmailMessage } from "./messages";

/**
 * Renders a message in the web app (development previews) with react-email's own renderer: Next
 * does not allow react-dom/server in app code, which the worker's faster renderer uses.
 */
export async function renderEmailPreview(
  message: EmailMessage,
): Promise<{ subject: string; html: string; text: string }> {
  const { subject, element } = composeEmail(message);
  const html = await render(element);
  return { subject, html, text: toText(html).trim() };
}
