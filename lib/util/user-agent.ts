/**
 * Readable names for User-Agent strings ("Firefox on Windows"), for the account page and the
 * security notices the worker sends. A short list of patterns, not a full parser: the names only
 * have to let a person recognise their own device.
 */
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(?:e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/curl\//i, "curl"],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** A short human description of a User-Agent ("Chrome on Linux"), for the sessions list and security notices. */
export function describeUserAgent(userAgent: string): string {
  if (!userAgent.trim()) return "Unknown device";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "Unknown device";
}

/** How long a client's name may be on the account page before it is cut (the full text is in a tooltip). */
export const CLIENT_NAME_MAX = 30;

/**
 * A short name for the client behind a token family ("curl/8.5.0", "MyApp/2.1"), for "Apps and
 * devices": a browser's User-Agent reads as a session's does ("Chrome on Linux"); anything else
 * shows its first product token (or the whole text when it has none), cut to CLIENT_NAME_MAX.
 */
export function describeClient(userAgent: string): string {
  const text = userAgent.replace(/\s+/g, " ").trim();
  if (!text) return "Unknown client";
  if (text.startsWith("Mozilla/")) {
    const device = describeUserAgent(text);
    if (device !== "Unknown device") return device;
  }
  const name = /^[^\s/]+\/\S+/.exec(text)?.[0] ?? text;
  const chars = Array.from(name);
  return chars.length > CLIENT_NAME_MAX ? `${chars.slice(0, CLIENT_NAME_MAX - 1).join("")}…` : name;
}

/** What kind of device a User-Agent comes from, for the icon beside it in the sessions list. */
export type DeviceKind = "phone" | "tablet" | "computer" | "program";

export function deviceKind(userAgent: string): DeviceKind {
  if (/iPad|Tablet/.test(userAgent) || (/Android/.test(userAgent) && !/Mobile/.test(userAgent))) return "tablet";
  if (/iPhone|iPod|Android|Mobile/.test(userAgent)) return "phone";
  // A browser says "Mozilla/"; anything else (curl, an SDK, an app of its own) is a program.
  if (userAgent.startsWith("Mozilla/")) return "computer";
  return "program";
}
