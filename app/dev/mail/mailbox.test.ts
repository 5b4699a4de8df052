import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { devMailboxTransport } from "@/lib/email/dev-mailbox";
import { PREVIEW_MESSAGES } from "@/lib/email/previews";
import { renderEmail } from "@/lib/email/render";
import DevEmailPage from "./[id]/page";
import DevMailboxPage from "./page";
import { GET as preview } from "./preview/[template]/route";

describe("development mailbox", () => {
  it("lists stored emails with subject and recipient, and shows one with its working links", async () => {
    const email = renderEmail({
      template: "password-reset",
      to: "dev.reader@example.com",
      data: { username: "reader", token: "tok123" },
    });
    const { providerId } = await devMailboxTransport().send(
      { to: "dev.reader@example.com", ...email },
      "authcore-email/dev-page-1",
    );
    const id = providerId.replace(/^dev:/, "");

    const list = renderToStaticMarkup(
      await DevMailboxPage({ searchParams: Promise.resolve({ to: "dev.reader@example.com" }) }),
    );
    expect(list).toContain("dev.reader@example.com");
    expect(list).toContain(`href="/dev/mail/${id}"`);
    expect(list).toContain("Reset your Authcore password");

    const detail = renderToStaticMarkup(await DevEmailPage({ params: Promise.resolve({ id }) }));
    expect(detail).toContain("Reset your Authcore password");
    // The email's HTML goes into a sandboxed frame whose links open in the window.
    expect(detail).toMatch(/<iframe[^>]+sandbox="allow-top-navigation-by-user-activation/);
    expect(detail).toContain("&lt;base target=&quot;_top&quot;&gt;");
    expect(detail).toContain("http://localhost:3000/reset-password?token=tok123");
  });

  it("previews every template with APP_URL links, and 404s for unknown ones", async () => {
    const response = await preview(new Request("http://localhost/dev/mail/preview/registration-attempt"), {
      params: Promise.resolve({ template: "registration-attempt" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('href="http://localhost:3000/login"');
    expect(html).toContain('href="http://localhost:3000/forgot-password"');

    for (const template of Object.keys(PREVIEW_MESSAGES)) {
      const each = await preview(new Request(`http://localhost/dev/mail/preview/${template}`), {
        params: Promise.resolve({ template }),
      });
      expect(each.status, template).toBe(200);
      expect(await each.text(), template).toMatch(/^<!DOCTYPE html[\s\S]*href="http:\/\/localhost:3000\//);
    }

    const missing = await preview(new Request("http://localhost/dev/mail/preview/nope"), {
      params: Promise.resolve({ template: "nope" }),
    });
    expect(missing.status).toBe(404);
  });
});
