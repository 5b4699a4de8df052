import type { BrowserCookies } from "../auth/session/authenticate";
import { liveBrowserAccounts } from "../auth/session/browser";
import { MAX_ACCOUNTS } from "../auth/session/accounts-cookie";
import { db } from "../db";
import { photoUrlOf } from "../photos/url";

/** An account signed in in this browser, as the account switcher shows it. */
export type SignedInAccount = {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  photoUrl: string | null;
};

/** The name to show for an account: first and last name, or the username when it has none. */
export function accountName(account: Pick<SignedInAccount, "firstName" | "lastName" | "username">): string {
  return [account.firstName, account.lastName].filter(Boolean).join(" ") || account.username;
}

export type BrowserAccounts = {
  /** The active account, null when its session has ended (the others may still be live). */
  active: SignedInAccount | null;
  /** The other live accounts, most recently active first. */
  others: SignedInAccount[];
  /** Whether "Add another account" still has room. */
  canAdd: boolean;
};

/**
 * The accounts signed in in this browser whose sessions are alive (one registry lookup each, one
 * query for their names): the active one and the others, for the account switcher and the
 * sign-in page's "Continue as". `activeChecked`: the session cookie was already authenticated.
 */
export async function browserAccounts(
  browser: BrowserCookies,
  options: { activeChecked?: boolean } = {},
): Promise<BrowserAccounts> {
  const { active, others } = await liveBrowserAccounts(browser, options);
  const ids = [...(active ? [active.sub] : []), ...others.map((entry) => entry.sub)];
  const rows =
    ids.length === 0
      ? []
      : await db.user.findMany({
          where: { id: { in: ids }, disabledAt: null },
          select: { id: true, username: true, email: true, firstName: true, lastName: true, photoHash: true },
        });
  const byId = new Map(
    rows.map(({ photoHash, ...row }) => [row.id, { ...row, photoUrl: photoUrlOf({ id: row.id, photoHash }) }]),
  );
  const listed = others.map((entry) => byId.get(entry.sub)).filter((account) => account !== undefined);
  return {
    active: (active && byId.get(active.sub)) ?? null,
    others: listed,
    canAdd: ids.length < MAX_ACCOUNTS,
  };
}
