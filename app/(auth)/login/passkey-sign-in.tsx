"use client";

import { useState } from "react";
import { startAuthentication } from "@simplewebauthn/browser";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useWebAuthnSupport } from "@/components/passkeys/webauthn-support";
import { OutlineIcon } from "@/components/ui/outline-icon";

const GENERIC = "Something went wrong on our side. Please try again in a moment.";

/** The refusal of the sign-in API, in words; one text for every failed passkey (the API says no more). */
function refusal(status: number): string {
  if (status === 401) return "That passkey could not sign you in. Try another one, or sign in with your password.";
  if (status === 429) return "Too many attempts. Please wait a minute and try again.";
  return GENERIC;
}

/** A person with a key: the usual passkey symbol. */
function PasskeyIcon() {
  return (
    <OutlineIcon className="size-[18px] shrink-0">
      <circle cx="9" cy="7" r="4" />
      <path d="M2 21v-1a6 6 0 0 1 9.5-4.9" />
      <circle cx="18" cy="13" r="2.5" />
      <path d="M18 15.5V21l1.5-1.5M18 18.5h1.5" />
    </OutlineIcon>
  );
}

/**
 * "Sign in with a passkey": the discoverable flow (no username; the passkey names the account and
 * unlocks with the person's fingerprint, face or PIN, so it stands for both factors). On success it
 * goes where the password form would: `callbackUrl`, already made safe by the page
 * (afterSignInPath), with a full page load so every server component sees the new session.
 */
export function PasskeySignIn({ callbackUrl, addAccount = false }: { callbackUrl: string; addAccount?: boolean }) {
  const supported = useWebAuthnSupport();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signIn() {
    setError(null);
    setBusy(true);
    // Once the next page is loading, the button stays busy.
    let leaving = false;
    try {
      const started = await fetch("/api/v1/auth/passkey/options", { method: "POST" });
      if (!started.ok) return setError(refusal(started.status));
      const { options, challengeId } = await started.json();
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options });
      } catch {
        return setError("The passkey sign-in was cancelled or took too long. Try again, or use your password.");
      }
      const answer = await fetch("/api/v1/auth/passkey/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ challengeId, response, ...(addAccount ? { addAccount: true } : {}) }),
      });
      if (!answer.ok) return setError(refusal(answer.status));
      leaving = true;
      window.location.assign(callbackUrl);
    } catch {
      setError(GENERIC);
    } finally {
      if (!leaving) setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-3" role="group" aria-labelledby="passkey-sign-in-title">
      <p className="hint m-0 text-center text-sm text-muted-foreground" id="passkey-sign-in-title">
        or sign in without a password
      </p>
      {error ? <FormMessage tone="error">{error}</FormMessage> : null}
      {/* Rendered by the server and until the page is interactive: without JavaScript it stays. */}
      {supported === null ? (
        <p className="hint">
          Signing in with a passkey needs JavaScript. Turn it on for this site, or use your password.
        </p>
      ) : null}
      {supported === false ? <p className="hint">This browser cannot use passkeys.</p> : null}
      <Button
        variant="secondary"
        className="w-full"
        onClick={signIn}
        disabled={supported !== true || busy}
        aria-busy={busy || undefined}
      >
        {busy ? <Spinner /> : <PasskeyIcon />}
        {busy ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </Button>
    </div>
  );
}
