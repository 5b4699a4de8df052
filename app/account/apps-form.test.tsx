import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// The server actions are only referenced by the forms, never called here.
vi.mock("./actions", () => ({
  manageSessionsAction: async () => ({ status: "idle" }),
  revokeAppAction: async () => ({ status: "idle" }),
}));

const { AppsForm } = await import("./apps-form");
const { SessionsForm } = await import("./sessions-form");

const CURL = {
  id: "family-1",
  createdAt: "2026-11-20T08:00:00.000Z",
  lastSeenAt: "2026-11-25T12:05:00.000Z",
  userAgent: "curl/8.5.0",
  ip: "203.0.113.5",
};
const THIS_BROWSER = {
  id: "session-1",
  createdAt: "2026-11-25T11:00:00.000Z",
  lastSeenAt: "2026-11-25T12:00:00.000Z",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  ip: "198.51.100.9",
  current: true,
};

/** The text a screen reader announces for each button: its content without the markup. */
function buttonNames(html: string): string[] {
  return [...html.matchAll(/<button[^>]*>(.*?)<\/button>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
}

describe("AppsForm", () => {
  it("lists each app with its client, address and times, and a Revoke button named after it", () => {
    const app = { ...CURL, id: "family-2", userAgent: "", ip: "", lastSeenAt: "2026-11-24T09:30:00.000Z" };
    const html = renderToStaticMarkup(<AppsForm apps={[CURL, app]} />);
    expect(html).toContain('<form id="apps"');
    expect(html).toContain('aria-labelledby="apps-title"');
    expect(html).toContain('<th scope="row" title="curl/8.5.0">curl/8.5.0</th>');
    expect(html).toContain("<td>203.0.113.5</td>");
    expect(html).toContain('<time dateTime="2026-11-25T12:05:00.000Z">25 Nov 2026, 12:05 UTC</time>');
    expect(html).toContain('<time dateTime="2026-11-20T08:00:00.000Z">20 Nov 2026, 08:00 UTC</time>');
    expect(html).toContain('value="revoke:family-1"');
    expect(html).toContain('value="revoke:family-2"');
    // A client that sent no User-Agent or address still gets a readable row.
    expect(html).toContain('<th scope="row">Unknown client</th>');
    expect(html).toContain("<td>unknown</td>");
    expect(buttonNames(html)).toEqual([
      "Revoke access for curl/8.5.0 last used 25 Nov 2026, 12:05 UTC",
      "Revoke access for Unknown client last used 24 Nov 2026, 09:30 UTC",
    ]);
    expect(html).not.toContain("No apps or devices");
  });

  it("says so when no app uses the account, and where tokens come from", () => {
    const html = renderToStaticMarkup(<AppsForm apps={[]} />);
    expect(html).toContain("No apps or devices use your account through the API.");
    expect(html).toContain("<code>POST /api/v1/auth/token</code>");
    expect(html).not.toContain("<table");
    expect(buttonNames(html)).toEqual([]);
  });
});

describe("SessionsForm", () => {
  const HINT = "revokes the access of every app and device under “Apps and devices”";

  it("offers “Sign out everywhere else” when apps remain, even with no other browser, and says what it ends", () => {
    const html = renderToStaticMarkup(<SessionsForm sessions={[THIS_BROWSER]} appCount={1} />);
    expect(html).toContain("You are signed in on this device only.");
    expect(buttonNames(html)).toEqual(["Sign out everywhere else"]);
    expect(html).toContain(HINT);
  });

  it("offers it for other browsers, with the same warning about apps", () => {
    const other = { ...THIS_BROWSER, id: "session-2", current: false };
    const html = renderToStaticMarkup(<SessionsForm sessions={[THIS_BROWSER, other]} />);
    expect(html).not.toContain("You are signed in on this device only.");
    expect(buttonNames(html)).toEqual([
      "Revoke the session of Firefox on Linux last active 25 Nov 2026, 12:00 UTC",
      "Sign out everywhere else",
    ]);
    expect(html).toContain(HINT);
  });

  it("offers nothing to sign out when this browser is all there is", () => {
    const html = renderToStaticMarkup(<SessionsForm sessions={[THIS_BROWSER]} appCount={0} />);
    expect(html).toContain("You are signed in on this device only.");
    expect(buttonNames(html)).toEqual([]);
    expect(html).not.toContain(HINT);
  });
});
