import type { ReactNode } from "react";
import { Avatar } from "@/components/avatar";
import { cn } from "@/components/ui/cn";
import { accountName, type SignedInAccount } from "@/lib/accounts/browser-accounts";

/**
 * One account signed in in this browser, as a button that makes it the active account (a plain
 * form post to /account/switch, so it works without JavaScript), then goes to `returnTo`.
 */
export function SwitchAccountForm({
  account,
  action,
  returnTo,
}: {
  account: SignedInAccount;
  /** What the button says before the username, e.g. "Switch to" (for screen readers) or "Continue as". */
  action: ReactNode;
  returnTo?: string;
}) {
  return (
    <form action="/account/switch" method="post">
      <input type="hidden" name="userId" value={account.id} />
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <button
        type="submit"
        className={cn(
          "flex w-full items-center gap-3 rounded-md border-0 bg-transparent p-2 text-left text-foreground",
          "hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring",
        )}
      >
        <Avatar name={accountName(account)} photoUrl={account.photoUrl} size={32} />
        <span>
          {action} <strong>{account.username}</strong>
          <span className="block text-sm [overflow-wrap:anywhere] text-muted-foreground">{account.email}</span>
        </span>
      </button>
    </form>
  );
}
