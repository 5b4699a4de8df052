import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInMethods } from "./sign-in-methods";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { searchParam, type SearchParams } from "@/components/navigation/search-param";
import { getMe } from "@/lib/accounts";
import { listSignInMethods } from "@/lib/oauth/google";
import { listActivity } from "@/lib/audit";
import { type CurrentSession, listSessions, requireSessionOrRedirect } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { PasswordForm } from "./password-form";
import { PhotoSection } from "./photo-section";
import { ProfileForm } from "./profile-form";
import { UsernameForm } from "./username-form";
import { SessionsForm } from "./sessions-form";
import { AppsForm } from "./apps-form";
import { RECENT_ACTIVITY, SecurityActivity } from "./security-activity";
import { passkeysSection } from "./passkeys-section";
import { SecondFactorSection } from "./second-factor-section";
import { mfaOverview } from "@/lib/auth/mfa/overview";

export const metadata: Metadata = { title: "Your account" };

async function loadAccount(session: CurrentSession) {
  try {
    return await Promise.all([
      getMe(session.userId),
      listSessions(session.userId, session.sessionId),
      listSignInMethods(session.userId),
      listActivity(session.userId, 1, RECENT_ACTIVITY),
    ]);
  } catch (error) {
    // The account was disabled or deleted while this session was still alive (any of the reads may notice first).
    if (isAppError(error) && error.code === "unauthorized") redirect("/login?notice=session-ended");
    throw error;
  }
}

// Messages shown after a redirect to this page; only these fixed texts, never the URL's own words.
const NOTICES: Record<string, string> = {
  activated: "Your account is active, and you are signed in.",
  confirmed: "Thanks for confirming it's you. You can change how you sign in for the next 10 minutes.",
  "mfa-required":
    "Your role requires a second factor: set up an authenticator app or a passkey below before using the rest of Authcore.",
};

export default async function AccountPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSessionOrRedirect("/account");
  const [me, registry, methods, activity] = await loadAccount(session);
  // The registry holds browser sessions and token families (third-party clients) alike.
  const sessions = registry.filter((s) => s.kind === "browser");
  const apps = registry.filter((s) => s.kind === "api");
  const name = [me.firstName, me.lastName].filter(Boolean).join(" ");
  const noticeKey = searchParam(await searchParams, "notice");
  const notice = Object.hasOwn(NOTICES, noticeKey) ? NOTICES[noticeKey] : undefined;

  return (
    <main className="wide">
      <h1>Your account</h1>
      {notice ? <FormMessage>{notice}</FormMessage> : null}
      <section className="card" aria-labelledby="overview-title">
        <h2 id="overview-title">Signed in as {me.username}</h2>
        <dl className="facts">
          {name ? (
            <>
              <dt>Name</dt>
              <dd>{name}</dd>
            </>
          ) : null}
          <dt>Email</dt>
          <dd>{me.email}</dd>
          <dt>Roles</dt>
          <dd>{me.roles.map((r) => r.name).join(", ") || "none"}</dd>
        </dl>
        <form action="/logout" method="post">
          <SubmitButton className="secondary" pendingLabel="Logging out…">
            Log out
          </SubmitButton>
        </form>
      </section>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <ProfileForm firstName={me.firstName} lastName={me.lastName} />
      </section>
      <PhotoSection name={name || me.username} photoUrl={me.photoUrl} />
      <section className="card" aria-labelledby="username-title">
        <h2 id="username-title">Username</h2>
        <UsernameForm username={me.username} />
      </section>
      {/* An account created through Google has no password to change: it sets a first one under "Sign-in methods". */}
      {methods.password ? (
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Change password</h2>
          <PasswordForm />
        </section>
      ) : null}
      <SignInMethods methods={methods} />
      <SecondFactorSection overview={await mfaOverview(session.userId)} />
      {await passkeysSection(session.userId)}
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Active sessions</h2>
        <SessionsForm sessions={sessions} appCount={apps.length} />
      </section>
      <section className="card" aria-labelledby="apps-title">
        <h2 id="apps-title">Apps and devices</h2>
        <AppsForm apps={apps} />
      </section>
      <SecurityActivity events={activity.items} />
    </main>
  );
}
