import { ACCOUNT_TABS } from "@/components/layout/account-nav";

/** Where step-up and the second-factor pages return by default: the tab with the sign-in settings. */
export const SECURITY_PATH = "/account/security";

const TAB_PATHS: readonly string[] = ACCOUNT_TABS.map((tab) => tab.href);

/**
 * The account tab to return to after "Confirm it's you" (`?next=` on /account/confirm, then a
 * hidden field): one of the account's own pages, never anything a link could make up.
 */
export function accountReturnPath(value: unknown): string {
  return typeof value === "string" && TAB_PATHS.includes(value) ? value : SECURITY_PATH;
}

/** The "Confirm it's you" page, coming back to `returnTo` afterwards. */
export function confirmHref(returnTo: string = SECURITY_PATH): string {
  return `/account/confirm?next=${encodeURIComponent(accountReturnPath(returnTo))}`;
}
