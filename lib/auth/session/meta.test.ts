import { describe, expect, it } from "vitest";
import { DEVICE_COOKIE_NAME } from "../device-cookie";
import { requestMeta } from "./meta";

describe("who is asking (request meta)", () => {
  it("reads the client address, the browser and the device cookie from the headers", () => {
    const headers = new Headers({
      "x-forwarded-for": "203.0.113.5",
      "user-agent": "Mozilla/5.0 test",
      cookie: `a=1; ${DEVICE_COOKIE_NAME}=device-value; b=2`,
    });
    expect(requestMeta(headers)).toEqual({
      ip: "203.0.113.5",
      userAgent: "Mozilla/5.0 test",
      deviceCookie: "device-value",
    });
  });

  it("keeps at most 512 characters of the user agent, and an empty one when none was sent", () => {
    const long = "U".repeat(600);
    expect(requestMeta(new Headers({ "user-agent": long })).userAgent).toBe("U".repeat(512));
    expect(requestMeta(new Headers()).userAgent).toBe("");
    expect(requestMeta(new Headers()).deviceCookie).toBeNull();
  });
});
