import { describe, expect, it } from "vitest";
import { formatFullDate, formatRelativeTime, relativeParts } from "./relative-time";

const now = new Date("2026-12-06T11:30:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("formatRelativeTime", () => {
  it("says “just now” for the last minute, and for a time a little in the future", () => {
    expect(formatRelativeTime(now, now, "en")).toBe("just now");
    expect(formatRelativeTime(ago(59), now, "en")).toBe("just now");
    expect(formatRelativeTime(ago(-30), now, "en")).toBe("just now");
  });

  it("counts whole minutes, hours and days in the past", () => {
    expect(formatRelativeTime(ago(60), now, "en")).toBe("1 minute ago");
    expect(formatRelativeTime(ago(3 * 60 + 59), now, "en")).toBe("3 minutes ago");
    expect(formatRelativeTime(ago(2 * 3600 + 120), now, "en")).toBe("2 hours ago");
    expect(formatRelativeTime(ago(26 * 3600), now, "en")).toBe("yesterday");
    expect(formatRelativeTime(ago(2 * 86400 + 10), now, "en")).toBe("2 days ago");
    expect(formatRelativeTime(ago(15 * 86400), now, "en")).toBe("2 weeks ago");
    expect(formatRelativeTime(ago(45 * 86400), now, "en")).toBe("last month");
    expect(formatRelativeTime(ago(800 * 86400), now, "en")).toBe("2 years ago");
  });

  it("speaks the locale it is given", () => {
    expect(formatRelativeTime(ago(3 * 60), now, "de")).toBe("vor 3 Minuten");
    expect(formatRelativeTime(ago(2 * 3600), now, "fr")).toBe("il y a 2 heures");
  });

  it("reads an invalid date as “just now” rather than failing", () => {
    expect(relativeParts(new Date("nope"), now)).toBeNull();
    expect(formatRelativeTime(new Date("nope"), now, "en")).toBe("just now");
  });
});

describe("formatFullDate", () => {
  it("writes the date in the given time zone", () => {
    // Punctuation differs between ICU versions: check the parts that carry the meaning.
    expect(formatFullDate(now, "en-GB", "UTC")).toMatch(/^Sunday,? 6 December 2026 at 11:30:00 UTC$/);
    expect(formatFullDate(now, "en-US", "America/New_York")).toMatch(/^Sunday, December 6, 2026 at 6:30:00\sAM EST$/);
  });
});
