import { describe, expect, it } from "vitest";
import { insertSignedInUser } from "../../testing/fixtures";
import { accountsCookie } from "./accounts-cookie";
import { liveBrowserAccounts } from "./browser";
import { decodeSessionToken } from "./cookie";
import { revokeAllSessions } from "./registry";

async function entryOf(cookie: string) {
  const claims = (await decodeSessionToken(cookie))!;
  return { sub: claims.sub, sid: claims.sid, aexp: claims.aexp };
}

describe("the accounts of a browser", () => {
  it("lists the live ones, dropping an account whose session was revoked meanwhile", async () => {
    const [active, kept, revoked] = [
      await insertSignedInUser(),
      await insertSignedInUser(),
      await insertSignedInUser(),
    ];
    const others = await accountsCookie([await entryOf(kept.cookie), await entryOf(revoked.cookie)]);
    await revokeAllSessions(revoked.user.id);
    const browser = { session: active.cookie, accounts: others.value };
    const live = await liveBrowserAccounts(browser);
    expect(live.active?.sub).toBe(active.user.id);
    expect(live.others.map((entry) => entry.sub)).toEqual([kept.user.id]);
  });

  it("checks the active account's session unless the caller already did (activeChecked)", async () => {
    const active = await insertSignedInUser();
    await revokeAllSessions(active.user.id);
    const browser = { session: active.cookie, accounts: null };
    expect((await liveBrowserAccounts(browser)).active).toBeNull();
    // A caller that authenticated the cookie this request vouches for it: no second lookup.
    expect((await liveBrowserAccounts(browser, { activeChecked: true })).active?.sub).toBe(active.user.id);
  });
});
