import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { SubmitButton } from "@/components/forms/submit-button";
import { getCurrentSession } from "@/lib/auth/session";
import { logger } from "@/lib/log";

async function isSignedIn(): Promise<boolean> {
  try {
    return (await getCurrentSession()) !== null;
  } catch (error) {
    // Next's own control-flow signals (dynamic rendering, redirects) must pass through.
    unstable_rethrow(error);
    // The header must not take every page down with it; pages that need the session check it themselves.
    logger.warn({ err: (error as Error).message }, "header could not read the session");
    return false;
  }
}

/** The header's account links: Account + Log out when signed in, Sign in + Create account otherwise. */
export async function SiteNav() {
  const signedIn = await isSignedIn();
  return (
    <nav aria-label="Account">
      {signedIn ? (
        <>
          <Link href="/account">Account</Link>
          {/* A route handler, not a server action: logout answers with Clear-Site-Data. */}
          <form action="/logout" method="post" className="inline">
            <SubmitButton className="link" pendingLabel="Logging out…">
              Log out
            </SubmitButton>
          </form>
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
