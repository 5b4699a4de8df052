import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { FormMessage } from "@/components/forms/form-message";
import { mfaOverview } from "@/lib/auth/mfa/overview";
import { pendingTotpEnrolment } from "@/lib/auth/mfa/totp";
import { isRecentlyAuthenticated, requireSessionOrRedirect } from "@/lib/auth/session";
import { ConfirmTotpForm } from "./confirm-totp-form";
import { CardSection } from "@/components/ui/card";

export const metadata: Metadata = { title: "Set up an authenticator app" };

/** The secret in groups of four, as authenticator apps show and accept it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/**
 * The setup started on /account/security: the QR code and the secret for typing, and the first code to
 * turn the app on. The secret is only shown to a session that signed in recently (the same rule
 * as starting and confirming): whoever reads it can make codes forever.
 */
export default async function TotpSetupPage() {
  const session = await requireSessionOrRedirect("/account/totp");
  const overview = await mfaOverview(session.userId);
  if (overview.totp.enabled) {
    return (
      <main>
        <h1>Authenticator app</h1>
        <FormMessage>Your authenticator app is on. Signing in now also asks for a code from it.</FormMessage>
        {overview.recoveryCodesLeft > 0 ? (
          <p>You keep your recovery codes ({overview.recoveryCodesLeft} left).</p>
        ) : null}
        <p>
          <Link href="/account/security">Back to your security settings</Link>
        </p>
      </main>
    );
  }
  if (!isRecentlyAuthenticated(session)) {
    return (
      <main>
        <h1>Set up an authenticator app</h1>
        <FormMessage tone="info">
          For your security, confirm it&apos;s you before setting up an authenticator app.
        </FormMessage>
        <p>
          <Link href="/account/confirm?next=%2Faccount%2Fsecurity">Confirm it&apos;s you</Link> ·{" "}
          <Link href="/account/security">Back to your security settings</Link>
        </p>
      </main>
    );
  }
  const enrolment = await pendingTotpEnrolment(session.userId);
  // Nothing started, or the setup expired: it starts from the account page.
  if (!enrolment) redirect("/account/security#two-step-verification");
  return (
    <main>
      <h1>Set up an authenticator app</h1>
      <ol>
        <li>Open your authenticator app and add an account.</li>
        <li>Scan this QR code, or type the key below.</li>
        <li>Enter the code the app shows.</li>
      </ol>
      <CardSection aria-labelledby="totp-scan-title">
        <h2 id="totp-scan-title">Scan the QR code</h2>
        {/* eslint-disable-next-line @next/next/no-img-element -- an SVG data: URL, nothing to optimise */}
        <img
          src={enrolment.qrDataUrl}
          width={200}
          height={200}
          alt="QR code for your authenticator app (the key below holds the same secret)"
        />
        <p>Or type this key into the app (time-based, 6 digits):</p>
        <p>
          <code id="totp-secret" aria-label="Setup key">
            {grouped(enrolment.secret)}
          </code>
        </p>
      </CardSection>
      <CardSection aria-labelledby="totp-confirm-title">
        <h2 id="totp-confirm-title">Enter a code from the app</h2>
        <ConfirmTotpForm />
      </CardSection>
      <p>
        <Link href="/account/security">Cancel</Link>
        <span className="hint"> (an unfinished setup expires after an hour)</span>
      </p>
    </main>
  );
}
