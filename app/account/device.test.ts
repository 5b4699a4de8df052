import { describe, expect, it } from "vitest";
import { CLIENT_NAME_MAX, describeClient, describeUserAgent, deviceKind, formatTimestamp } from "./device";

describe("describeUserAgent", () => {
  it.each([
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
      "Chrome on Linux",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0",
      "Edge on Windows",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      "Safari on macOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"],
    [
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
      "Chrome on Android",
    ],
    ["curl/8.5.0", "curl"],
    ["", "Unknown device"],
    ["something else", "Unknown device"],
  ])("describes %j as %s", (userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toBe(expected);
  });
});

describe("describeClient", () => {
  it.each([
    ["curl/8.5.0", "curl/8.5.0"],
    ["e2e-client/1.0", "e2e-client/1.0"],
    ["python-requests/2.32.3", "python-requests/2.32.3"],
    ["MyApp/2.1.0 CFNetwork/1410.0.3 Darwin/22.6.0", "MyApp/2.1.0"],
    ["Dart/3.5 (dart:io)", "Dart/3.5"],
    ["  okhttp/4.12.0  ", "okhttp/4.12.0"],
    ["Home   Assistant", "Home Assistant"],
    ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"],
    ["Mozilla/5.0 (compatible; SomeBot)", "Mozilla/5.0"],
    ["", "Unknown client"],
    ["   ", "Unknown client"],
  ])("describes %j as %s", (userAgent, expected) => {
    expect(describeClient(userAgent)).toBe(expected);
  });

  it("cuts a long name to CLIENT_NAME_MAX characters, ending in an ellipsis", () => {
    const name = describeClient(`${"a".repeat(60)}/1.0`);
    expect(Array.from(name)).toHaveLength(CLIENT_NAME_MAX);
    expect(name).toBe(`${"a".repeat(CLIENT_NAME_MAX - 1)}…`);
    expect(describeClient(`${"b".repeat(CLIENT_NAME_MAX)}`)).toBe("b".repeat(CLIENT_NAME_MAX));
    // Never splits a character made of two UTF-16 code units.
    expect(describeClient("😀".repeat(50))).toBe(`${"😀".repeat(CLIENT_NAME_MAX - 1)}…`);
  });
});

describe("formatTimestamp", () => {
  it("renders the same text on every machine, in UTC", () => {
    expect(formatTimestamp("2026-11-25T12:05:00.000Z")).toBe("25 Nov 2026, 12:05 UTC");
  });
});

describe("deviceKind", () => {
  it.each([
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
      "computer",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "phone",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36",
      "phone",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
      "tablet",
    ],
    [
      "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/604.1",
      "tablet",
    ],
    ["curl/8.5.0", "program"],
    ["", "program"],
  ])("sees %j as a %s", (userAgent, expected) => {
    expect(deviceKind(userAgent)).toBe(expected);
  });
});
