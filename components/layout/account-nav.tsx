import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** The account's pages, in the order of their tabs. */
export const ACCOUNT_TABS = [
  { id: "profile", href: "/account", label: "Profile" },
  { id: "security", href: "/account/security", label: "Security" },
  { id: "sessions", href: "/account/sessions", label: "Sessions" },
] as const;

export type AccountTab = (typeof ACCOUNT_TABS)[number]["id"];

/**
 * The tabs between the account's pages: plain links (they work without JavaScript), the current
 * one marked with aria-current="page". On a narrow screen the row scrolls inside its own box
 * rather than widening the page. Rendered by each page, not a layout, so the mark follows
 * client-side navigation.
 */
export function AccountNav({ current }: { current: AccountTab }) {
  return (
    <nav aria-label="Settings" className="-mx-1 overflow-x-auto px-1">
      <ul className="m-0 flex min-w-max list-none gap-1 border-b border-border p-0">
        {ACCOUNT_TABS.map((tab) => (
          <li key={tab.id} className="m-0">
            <Link
              href={tab.href}
              aria-current={tab.id === current ? "page" : undefined}
              className={cn(
                "-mb-px inline-flex items-center border-b-2 px-3 py-2 text-sm font-medium no-underline transition-colors",
                "focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                tab.id === current
                  ? "border-primary text-foreground"
                  : "border-transparent text-muted-foreground hover:border-border hover:text-foreground",
              )}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
