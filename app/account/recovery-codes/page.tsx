import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { takeCodesToShowOnce } from "@/lib/auth/mfa/shown-once";
import { requireSessionOrRedirect } from "@/lib/auth/session";
import { CardSection } from "@/components/ui/card";

export const metadata: Metadata = { title: "Your recovery codes" };

/**
 * New recovery codes, shown this once: the form that made them kept them for this session and
 * came here; reading them removes them (a reload shows nothing). Nothing links here, so no
 * prefetch can use them up.
 */
export default async function RecoveryCodesPage() {
  const session = await requireSessionOrRedirect("/account/recovery-codes");
  const codes = await takeCodesToShowOnce(session.sessionId);
  if (!codes) {
    return (
      <main>
        <h1>Your recovery codes</h1>
        <p>
          Recovery codes are shown only once, right after they are made. If you did not save them, generate a new set on
          your account page: the old ones then stop working.
        </p>
        <p>
          <Link href="/account/security#two-step-verification">Back to your security settings</Link>
        </p>
      </main>
    );
  }
  return (
    <main>
      <h1>Your recovery codes</h1>
      <FormMessage tone="info">
        Save these codes now, somewhere safe (a password manager, or printed): this page shows them only this once.
      </FormMessage>
      <p>
        If you lose your phone or passkey, each code signs you in once instead of a code from your app. Making new codes
        replaces these.
      </p>
      <CardSection aria-labelledby="codes-title">
        <h2 id="codes-title" className="visually-hidden">
          Recovery codes
        </h2>
        <ol id="recovery-codes" aria-labelledby="codes-title">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
      </CardSection>
      <p>
        <Link href="/account/security#two-step-verification">I have saved them: back to my security settings</Link>
      </p>
    </main>
  );
}
