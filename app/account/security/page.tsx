import type { Metadata } from "next";
import { type SearchParams } from "@/components/navigation/search-param";
import { getMe } from "@/lib/accounts";
import { listActivity } from "@/lib/audit";
import { mfaOverview } from "@/lib/auth/mfa/overview";
import { requireSessionOrRedirect } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listSignInMethods } from "@/lib/oauth/google";
import { AccountFrame } from "../account-frame";
import { AccountSection } from "../account-section";
import { readAccount } from "../load";
import { pageNotice } from "../notices";
import { passkeysSection } from "../passkeys-section";
import { PasswordForm } from "../password-form";
import { SECURITY_PATH } from "../return-path";
import { SecondFactorSection } from "../second-factor-section";
import { RECENT_ACTIVITY, SecurityActivity } from "../security-activity";
import { SignInMethods } from "../sign-in-methods";

export const metadata: Metadata = { title: "Security" };

/**
 * /account/security, the Security tab: the password, the sign-in methods, the second factors
 * (authenticator app, recovery codes, passkeys) and the latest security events.
 */
export default async function SecurityPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSessionOrRedirect(SECURITY_PATH);
  const [methods, activity, overview, passkeys, me] = await readAccount(
    Promise.all([
      listSignInMethods(session.userId),
      listActivity(session.userId, 1, RECENT_ACTIVITY),
      mfaOverview(session.userId),
      passkeysSection(session.userId),
      getMe(session.userId),
    ]),
  );
  // Google is only a sign-in method where it is configured (or still linked from when it was):
  // without it, and with a password, the section would only repeat "Password: set".
  // The new password must not contain these: the checklist says so as the person types.
  const person = { username: me.username, email: me.email };
  const showSignInMethods = config.google !== null || methods.google !== null || !methods.password;

  return (
    <AccountFrame
      current="security"
      title="Security"
      description="How you sign in, your second factors, and what happened to your account lately."
      notice={await pageNotice(searchParams, ["confirmed", "mfa-required"])}
    >
      {/* An account created through Google has no password to change: it sets a first one under "Sign-in methods". */}
      {methods.password ? (
        <AccountSection titleId="password-title" title="Change password">
          <PasswordForm person={person} />
        </AccountSection>
      ) : null}
      {showSignInMethods ? <SignInMethods methods={methods} person={person} /> : null}
      <SecondFactorSection overview={overview} />
      {passkeys}
      <SecurityActivity events={activity.items} />
    </AccountFrame>
  );
}
