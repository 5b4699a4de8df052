import type { Metadata } from "next";
import { type SearchParams } from "@/components/navigation/search-param";
import { getMe } from "@/lib/accounts";
import { listSessions, requireSessionOrRedirect } from "@/lib/auth/session";
import { AccountFrame } from "../account-frame";
import { AccountSection } from "../account-section";
import { AppsForm } from "../apps-form";
import { readAccount } from "../load";
import { pageNotice } from "../notices";
import { SessionsForm } from "../sessions-form";

export const metadata: Metadata = { title: "Sessions" };

/** /account/sessions, the Sessions tab: the browsers signed in, and the apps and devices using the API. */
export default async function SessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSessionOrRedirect("/account/sessions");
  // getMe: a disabled or deleted account ends the visit here too (readAccount).
  const [, registry] = await readAccount(
    Promise.all([getMe(session.userId), listSessions(session.userId, session.sessionId)]),
  );
  // The registry holds browser sessions and token families (third-party clients) alike.
  const sessions = registry.filter((s) => s.kind === "browser");
  const apps = registry.filter((s) => s.kind === "api");

  return (
    <AccountFrame
      current="sessions"
      title="Sessions"
      description="Where your account is signed in. Sign out anything you don't recognise."
      notice={await pageNotice(searchParams, ["confirmed"])}
    >
      <AccountSection
        titleId="sessions-title"
        title="Active sessions"
        description="Browsers signed in to your account."
      >
        <SessionsForm sessions={sessions} appCount={apps.length} />
      </AccountSection>
      <AccountSection
        titleId="apps-title"
        title="Apps and devices"
        description="Programs that use your account through the API."
      >
        <AppsForm apps={apps} />
      </AccountSection>
    </AccountFrame>
  );
}
