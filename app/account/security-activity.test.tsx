import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SECURITY_EVENT_TYPES } from "@/lib/audit";
import { describeEvent, SecurityActivity } from "./security-activity";

const AT = "2026-12-06T09:30:00.000Z";

describe("Security activity on /account/security", () => {
  it("lists each event in plain words, when it happened and from which address and browser", () => {
    const html = renderToStaticMarkup(
      <SecurityActivity
        events={[
          {
            id: "e1",
            at: AT,
            type: "login.succeeded",
            byOther: false,
            ip: "203.0.113.8",
            userAgent: "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0",
          },
          { id: "e2", at: AT, type: "user.roles_changed", byOther: true, ip: "", userAgent: "" },
          { id: "e3", at: AT, type: "password.changed", byOther: false, ip: "", userAgent: "" },
          { id: "e4", at: AT, type: "logout", byOther: false, ip: "::1", userAgent: "" },
        ]}
      />,
    );
    expect(html).toMatch(/<h2 [^>]*id="activity-title">Security activity<\/h2>/);
    expect(html).toContain("Signed in");
    expect(html).toContain("203.0.113.8");
    expect(html).toContain("Firefox on Linux");
    // The server's absolute time; the browser turns it into "3 hours ago" in the reader's clock.
    expect(html).toContain(`<time dateTime="${AT}" title="6 Dec 2026, 09:30 UTC">6 Dec 2026, 09:30 UTC</time>`);
    expect(html).toContain("Roles changed");
    expect(html).toContain("Someone who manages your account");
    expect(html).toContain("Changed your password");
    // Places read as on the Sessions tab: no address at all, and this machine's own.
    expect(html).toContain("Unknown location");
    expect(html).toContain("This computer");
  });

  it("says so when there is nothing yet, and names unknown types generically", () => {
    expect(renderToStaticMarkup(<SecurityActivity events={[]} />)).toContain("No security events yet.");
    expect(describeEvent("something.new")).toBe("Account change");
    expect(describeEvent("constructor")).toBe("Account change");
    for (const type of SECURITY_EVENT_TYPES) expect(describeEvent(type), type).not.toBe("Account change");
  });
});
