import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { browserAccounts, type SignedInAccount, type BrowserAccounts } from "@/lib/accounts/browser-accounts";
import { getCurrentSession } from "@/lib/auth/session";
import { browserCookies } from "@/lib/auth/session/next";
import { loadAccess } from "@/lib/authz";
import { consoleSections } from "@/lib/authz/console";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { AccountMenu } from "./account-menu";

type Visitor =
  | { signedIn: false }
  | { signedIn: true; admin: boolean; accounts: (BrowserAccounts & { active: SignedInAccount }) | null };

async function visitor(): Promise<Visitor> {
  try {
    const session = await getCurrentSession();
    if (!session) return { signedIn: false };
    // Read for this request, never cached: a permission taken away hides the link on the next page load.
    // An account disabled meanwhile has no access (401): no link, and its pages say why.
    const [access, accounts] = await Promise.all([
      loadAccess(session.userId).catch((error: unknown) => {
        if (!isAppError(error)) logger.warn({ err: (error as Error).message }, "header could not read the access");
        return null;
      }),
      // The session cookie was just authenticated: only the other accounts are looked up.
      browserAccounts(await browserCookies(), { activeChecked: true }),
    ]);
    return {
      signedIn: true,
      admin: access !== null && consoleSections(access).length > 0,
      accounts: accounts.active ? { ...accounts, active: accounts.active } : null,
    };
  } catch (error) {
    // Next's own control-flow signals (dynamic rendering, redirects) must pass through.
    unstable_rethrow(error);
    // The header must not take every page down with it; pages that need the session check it themselves.
    logger.warn({ err: (error as Error).message }, "header could not read the session");
    return { signedIn: false };
  }
}

/**
 * The header's account links: Account and the account switcher when signed in (with Admin for
 * people who may use part of the admin console), Sign in + Create account otherwise.
 */
export async function SiteNav() {
  const current = await visitor();
  return (
    <nav aria-label="Account" className="flex flex-wrap items-center gap-x-4 gap-y-2 font-medium">
      {current.signedIn ? (
        <>
          {current.admin ? <Link href="/admin">Admin</Link> : null}
          <Link href="/account">Account</Link>
          {current.accounts ? <AccountMenu accounts={current.accounts} /> : null}
        </>
      ) : (
        <>
          <Link href="/login">Sign in</Link>
          <Link href="/register">Create account</Link>
        </>
      )}
    </nav>
  );
}
