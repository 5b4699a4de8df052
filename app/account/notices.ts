import { searchParam, type SearchParams } from "@/components/navigation/search-param";

/** The messages an account page shows after a redirect: only these fixed texts, never the URL's words. */
export const NOTICES = {
  activated: "Your account is active, and you are signed in.",
  confirmed: "Thanks for confirming it's you. You can change how you sign in for the next 10 minutes.",
  "mfa-required":
    "Your role requires a second factor: set up an authenticator app or a passkey below before using the rest of Authcore.",
} as const;

export type NoticeKey = keyof typeof NOTICES;

/** The notice the URL asks for (`?notice=`), when it is one of `allowed`. */
export async function pageNotice(
  searchParams: SearchParams,
  allowed: readonly NoticeKey[],
): Promise<string | undefined> {
  const key = searchParam(await searchParams, "notice");
  return (allowed as readonly string[]).includes(key) ? NOTICES[key as NoticeKey] : undefined;
}
