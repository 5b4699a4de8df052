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
  it("lists each app with its client, place and times, and a Revoke button named after it", () => {
    const app = { ...CURL, id: "family-2", userAgent: "", ip: "", lastSeenAt: "2026-11-24T09:30:00.000Z" };
    const html = renderToStaticMarkup(<AppsForm apps={[CURL, app]} />);
    expect(html).toContain('<form id="apps"');
    expect(html).toContain('aria-labelledby="apps-title"');
    expect(html).toMatch(/<ul [^>]*aria-label="Apps and devices that use your account through the API"/);
    expect(html).toContain('<span title="curl/8.5.0">curl/8.5.0</span>');
    expect(html).toContain("<span>203.0.113.5</span>");
    // Server-rendered: the absolute time (the browser turns it into "… ago" in its own time zone).
    expect(html).toMatch(/Used <time dateTime="2026-11-25T12:05:00.000Z" title="[^"]+">25 Nov 2026, 12:05 UTC<\/time>/);
    expect(html).toMatch(/Signed in <time dateTime="2026-11-20T08:00:00.000Z"[^>]*>20 Nov 2026, 08:00 UTC<\/time>/);
    expect(html).toContain('value="revoke:family-1"');
    expect(html).toContain('value="revoke:family-2"');
    // A client that sent no User-Agent or address still gets a readable row.
    expect(html).toContain("<span>Unknown client</span>");
    expect(html).toContain("<span>Unknown location</span>");
    expect(buttonNames(html)).toEqual([
      "Revoke access for curl/8.5.0 last used 25 Nov 2026, 12:05 UTC",
      "Revoke access for Unknown client last used 24 Nov 2026, 09:30 UTC",
    ]);
    expect(html).not.toContain("No apps or devices");
    expect(html).not.toContain("style=");
  });

  it("says so when no app uses the account, and where tokens come from", () => {
    const html = renderToStaticMarkup(<AppsForm apps={[]} />);
    expect(html).toContain("No apps or devices use your account through the API.");
    expect(html).toContain("<code>POST /api/v1/auth/token</code>");
    expect(html).not.toContain("<ul");
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
      "Sign out Firefox on Linux, 198.51.100.9, last active 25 Nov 2026, 12:00 UTC",
      "Sign out everywhere else",
    ]);
    expect(html).toContain(HINT);
  });

  it("lists this device first with its badge, each session with its device, place and times", () => {
    const phone = {
      id: "session-3",
      createdAt: "2026-11-23T07:00:00.000Z",
      lastSeenAt: "2026-11-24T18:00:00.000Z",
      userAgent:
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
      ip: "192.168.1.20",
      current: false,
    };
    const local = { ...THIS_BROWSER, ip: "127.0.0.1" };
    const html = renderToStaticMarkup(<SessionsForm sessions={[phone, local]} />);
    const rows = html.split("<li ").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('data-session-id="session-1"');
    expect(rows[0]).toContain("This device");
    expect(rows[0]).toContain("<span>This computer</span>");
    expect(rows[0]).not.toContain("127.0.0.1");
    expect(rows[1]).toContain("Chrome on Android");
    expect(rows[1]).not.toContain("This device");
    // A described place keeps its address beside it, smaller.
    expect(rows[1]).toContain('<span>Local network</span><span class="text-xs"> (192.168.1.20)</span>');
    expect(rows[1]).toMatch(/Active <time dateTime="2026-11-24T18:00:00.000Z"[^>]*>24 Nov 2026, 18:00 UTC<\/time>/);
    expect(rows[1]).toMatch(/<svg[^>]*>/);
    expect(rows[1]).toContain('<span aria-hidden="true"');
    expect(buttonNames(html)).toEqual([
      "Sign out Chrome on Android, Local network, last active 24 Nov 2026, 18:00 UTC",
      "Sign out everywhere else",
    ]);
  });

  it("offers nothing to sign out when this browser is all there is", () => {
    const html = renderToStaticMarkup(<SessionsForm sessions={[THIS_BROWSER]} appCount={0} />);
    expect(html).toContain("You are signed in on this device only.");
    expect(buttonNames(html)).toEqual([]);
    expect(html).not.toContain(HINT);
  });
});
