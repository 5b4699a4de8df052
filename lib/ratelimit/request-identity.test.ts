import { describe, expect, it } from "vitest";
import { startTokenFamily } from "../auth/api-tokens/families";
import { SESSION_COOKIE_NAME } from "../auth/session/cookie";
import { insertSignedInUser, insertUser, TEST_META } from "../testing/fixtures";
import { requestIdentity } from "./request-identity";

const headers = (values: Record<string, string>) => new Headers({ "x-forwarded-for": "203.0.113.5", ...values });

describe("requestIdentity", () => {
  it("counts a Bearer request against its user, like a cookie request", async () => {
    const user = await insertUser();
    const { tokens } = await startTokenFamily(user.id, TEST_META);
    expect(await requestIdentity(headers({ authorization: `Bearer ${tokens.access_token}` }))).toEqual({
      kind: "user",
      userId: user.id,
    });
    const { user: cookieUser, cookie } = await insertSignedInUser();
    expect(await requestIdentity(headers({ cookie: `${SESSION_COOKIE_NAME}=${cookie}` }))).toEqual({
      kind: "user",
      userId: cookieUser.id,
    });
  });

  it("counts a Bearer token that is not ours, and no credential, against the client's address", async () => {
    for (const value of [{ authorization: "Bearer not-a-token" }, {}] as Record<string, string>[])
      expect(await requestIdentity(headers(value))).toEqual({ kind: "anonymous", ip: expect.any(String) });
  });
});
