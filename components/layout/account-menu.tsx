import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { SubmitButton } from "@/components/forms/submit-button";
import { accountName, type BrowserAccounts, type SignedInAccount } from "@/lib/accounts/browser-accounts";
import { SwitchAccountForm } from "./switch-account-form";

/**
 * The account switcher in the header: the active account (photo or initials, username), and in
 * its menu the account's details, the other accounts signed in in this browser (choosing one makes
 * it active for the next pages), "Add another account", "Sign out" (the active account only) and
 * "Sign out of all accounts". A native disclosure and plain form posts, so it works without
 * JavaScript; the server checks every choice again.
 */
export function AccountMenu({ accounts }: { accounts: BrowserAccounts & { active: SignedInAccount } }) {
  const { active, others, canAdd } = accounts;
  return (
    <details className="account-menu">
      <summary aria-label={`Accounts: signed in as ${active.username}`}>
        <Avatar name={accountName(active)} photoUrl={active.photoUrl} size={28} />
        <span className="account-menu-name">{active.username}</span>
      </summary>
      <div className="account-menu-panel">
        <div className="account-menu-current">
          <Avatar name={accountName(active)} photoUrl={active.photoUrl} size={40} />
          <div>
            <strong>{accountName(active)}</strong>
            <span className="hint">{active.username}</span>
            <span className="hint">{active.email}</span>
          </div>
        </div>
        {others.length > 0 ? (
          <ul className="account-menu-others" aria-label="Other accounts signed in here">
            {others.map((account) => (
              <li key={account.id}>
                <SwitchAccountForm account={account} action={<span className="visually-hidden">Switch to</span>} />
              </li>
            ))}
          </ul>
        ) : null}
        {canAdd ? <Link href="/login?addAccount=1">Add another account</Link> : null}
        {/* Route handlers, not server actions: signing out answers with Clear-Site-Data. */}
        <form action="/logout" method="post">
          <SubmitButton className="link" pendingLabel="Signing out…">
            Sign out
          </SubmitButton>
        </form>
        {others.length > 0 ? (
          <form action="/logout" method="post">
            <input type="hidden" name="all" value="1" />
            <SubmitButton className="link" pendingLabel="Signing out…">
              Sign out of all accounts
            </SubmitButton>
          </form>
        ) : null}
      </div>
    </details>
  );
}
