import "server-only";
import { config } from "@/lib/config";
import { renderEmailPreview } from "@/lib/email/preview";
import { isPreviewTemplate, PREVIEW_MESSAGES } from "@/lib/email/previews";

/**
 * Development preview of a template, rendered with sample data and APP_URL links. A route
 * handler returning the email itself, so it looks as a mail client shows it.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ template: string }> }) {
  const { template } = await params;
  if (config.isProduction || !isPreviewTemplate(template)) {
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  }
  const email = await renderEmailPreview(PREVIEW_MESSAGES[template]);
  return new Response(email.html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
