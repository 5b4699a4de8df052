"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { passkeyOptionsAction, verifyPasskeyAction } from "./actions";
import { Alert } from "@/components/ui/alert";

/**
 * "Use a passkey": the WebAuthn ceremony for this account's passkeys (needs JavaScript; the code
 * forms do not). The options come from the server, the browser asks the authenticator, and the
 * answer finishes the sign-in, which redirects on success.
 */
export function PasskeyButton({ callbackUrl, addAccount }: { callbackUrl: string; addAccount: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function usePasskey() {
    setError(null);
    startTransition(async () => {
      const started = await passkeyOptionsAction();
      if (!started.ok) {
        if (started.expired) router.push("/login?notice=mfa-expired");
        else setError("Passkeys are not available right now. Try again, or use a code.");
        return;
      }
      let answer;
      try {
        answer = await startAuthentication({ optionsJSON: started.options.options });
      } catch {
        setError("The passkey was not used. Try again, or use a code.");
        return;
      }
      const result = await verifyPasskeyAction(
        { challengeId: started.options.challengeId, response: answer },
        callbackUrl,
        addAccount,
      );
      if (result.status === "error") setError(result.message ?? "The passkey could not confirm it's you.");
    });
  }

  return (
    <div className="flex flex-col gap-3 rounded-md border border-border p-4" id="verify-passkey">
      <h2 id="verify-passkey-title" className="m-0 text-base font-semibold">
        With a passkey
      </h2>
      {error ? (
        <Alert tone="error">
          <p>{error}</p>
        </Alert>
      ) : null}
      <Button
        variant="secondary"
        className="w-full"
        onClick={usePasskey}
        disabled={pending}
        aria-busy={pending || undefined}
      >
        {pending ? <Spinner /> : null}
        {pending ? "Waiting for the passkey…" : "Use a passkey"}
      </Button>
    </div>
  );
}
