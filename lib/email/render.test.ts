import { describe, expect, it } from "vitest";
import type { EmailMessage } from "./messages";
import { renderEmail } from "./render";

const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]?.replaceAll("&amp;", "&"));

describe("email templates", () => {
  it.each<[EmailMessage, RegExp, string[]]>([
    [
      {
        template: "activation",
        to: "a@example.com",
        data: { username: "ada", token: "tok+/=1", cancelToken: "c1" },
      },
      /Activate your Authcore account/,
      ["http://localhost:3000/activate?token=tok%2B%2F%3D1", "http://localhost:3000/activate/cancel?token=c1"],
    ],
    [
      { template: "password-reset", to: "a@example.com", data: { username: "ada", token: "r1" } },
      /Reset your Authcore password/,
      ["http://localhost:3000/reset-password?token=r1"],
    ],
    [
      {
        template: "security-notice",
        to: "a@example.com",
        data: {
          username: "ada",
          event: "password-changed",
          at: "2026-12-01T09:30:00.000Z",
          ip: "203.0.113.9",
          userAgent: "Firefox on Linux",
        },
      },
      /password was changed/,
      ["http://localhost:3000/forgot-password"],
    ],
    [
      { template: "account-unlock", to: "a@example.com", data: { username: "ada", token: "u1" } },
      /locked/,
      ["http://localhost:3000/unlock?token=u1", "http://localhost:3000/forgot-password"],
    ],
    [
      { template: "registration-attempt", to: "a@example.com", data: {} },
      /tried to create an Authcore account/,
      ["http://localhost:3000/login", "http://localhost:3000/forgot-password"],
    ],
    [
      {
        template: "invitation",
        to: "a@example.com",
        data: { username: "ada", token: "inv+/=1", invitedBy: "Grace Hopper (grace)" },
      },
      /invited to Authcore/,
      ["http://localhost:3000/invitation?token=inv%2B%2F%3D1"],
    ],
  ])("%o renders a subject, HTML and plain text with APP_URL links", (message, subject, expected) => {
    const email = renderEmail(message);
    expect(email.subject).toMatch(subject);
    expect(email.html.startsWith("<!DOCTYPE html")).toBe(true);
    for (const link of expected) {
      expect(links(email.html)).toContain(link);
      expect(email.text).toContain(link);
    }
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it("escapes user-controlled text in the HTML", () => {
    const email = renderEmail({
      template: "activation",
      to: "a@example.com",
      data: { username: '<img src=x onerror="alert(1)">', token: "t", cancelToken: "c" },
    });
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;img src=x");
  });

  it("names the inviting administrator and the new username, escaped like any user-controlled text", () => {
    const email = renderEmail({
      template: "invitation",
      to: "a@example.com",
      data: { username: "ada", token: "t", invitedBy: '<b onmouseover="x()">Grace</b>' },
    });
    expect(email.text).toContain("created an Authcore account for you with the username ada");
    expect(email.text).toContain('<b onmouseover="x()">Grace</b> created');
    expect(email.html).not.toContain("<b onmouseover");
    expect(email.html).toContain("&lt;b onmouseover=");
    expect(email.text).toMatch(/expires in 7 days/);
  });
});
