import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { SubmitButton } from "@/components/forms/submit-button";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
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
    // A disclosure, not a Radix menu: it opens and its forms post without JavaScript.
    <details className="account-menu relative">
      <summary
        aria-label={`Accounts: signed in as ${active.username}`}
        className={cn(
          "flex cursor-pointer list-none items-center gap-2 rounded-md px-1 py-1 [&::-webkit-details-marker]:hidden",
          "hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        )}
      >
        <Avatar name={accountName(active)} photoUrl={active.photoUrl} size={28} />
        <span className="hidden max-w-40 truncate sm:inline">{active.username}</span>
      </summary>
      <div className="absolute top-[calc(100%+0.5rem)] right-0 z-30 flex max-w-[calc(100vw-2rem)] min-w-64 flex-col gap-1 rounded-card border border-border bg-card p-2 font-normal text-foreground shadow-lg">
        <div className="flex items-center gap-3 p-2">
          <Avatar name={accountName(active)} photoUrl={active.photoUrl} size={40} />
          <div className="min-w-0">
            <strong className="block">{accountName(active)}</strong>
            <span className="block text-sm [overflow-wrap:anywhere] text-muted-foreground">{active.username}</span>
            <span className="block text-sm [overflow-wrap:anywhere] text-muted-foreground">{active.email}</span>
          </div>
        </div>
        {others.length > 0 ? (
          <ul className="m-0 list-none border-y border-border p-0 py-1" aria-label="Other accounts signed in here">
            {others.map((account) => (
              <li key={account.id}>
                <SwitchAccountForm account={account} action={<span className="sr-only">Switch to</span>} />
              </li>
            ))}
          </ul>
        ) : null}
        {canAdd ? (
          <Link href="/login?addAccount=1" className={cn(menuRow, "text-primary")}>
            Add another account
          </Link>
        ) : null}
        {/* Route handlers, not server actions: signing out answers with Clear-Site-Data. */}
        <form action="/logout" method="post" className="m-0">
          <SubmitButton variant="unstyled" className={menuRow} pendingLabel="Signing out…">
            Sign out
          </SubmitButton>
        </form>
        {others.length > 0 ? (
          <form action="/logout" method="post" className="m-0">
            <input type="hidden" name="all" value="1" />
            <SubmitButton variant="unstyled" className={menuRow} pendingLabel="Signing out…">
              Sign out of all accounts
            </SubmitButton>
          </form>
        ) : null}
      </div>
    </details>
  );
}

/** One row of the menu: a link or a form's button, full width, left-aligned. */
const menuRow = cn(buttonVariants({ variant: "ghost", size: "md" }), "w-full justify-start px-2 font-normal");
