import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("../activate/resend/actions", () => ({ resendActivationAction: async () => ({ status: "idle" }) }));
const { CheckYourEmail } = await import("./check-your-email");

describe("the check-your-email screen", () => {
  it("names the address, offers to send it again, and in development links the local mailbox for it", () => {
    const html = renderToStaticMarkup(
      <CheckYourEmail email="ada+test@example.test" devMailbox>
        <p>We sent an email to ada+test@example.test.</p>
      </CheckYourEmail>,
    );
    expect(html).toContain("Check your email");
    expect(html).toContain("ada+test@example.test");
    expect(html).toContain('name="email" value="ada+test@example.test"');
    // Rendered on the server (no JavaScript yet): the button works as a plain form post.
    expect(html).toMatch(/<button type="submit"[^>]*>Send the email again<\/button>/);
    expect(html).toContain('href="/dev/mail?to=ada%2Btest%40example.test"');
  });

  it("has no mailbox link outside development", () => {
    const html = renderToStaticMarkup(
      <CheckYourEmail email="ada@example.test" devMailbox={false}>
        <p>Sent.</p>
      </CheckYourEmail>,
    );
    expect(html).not.toContain("/dev/mail");
  });
});
