"use client";

import { useActionState, useEffect, useState } from "react";
import { useFormStatus } from "react-dom";
import { idleState } from "@/components/forms/form-state";
import { resendActivationAction } from "../activate/resend/actions";
import { Button } from "@/components/ui/button";

/** Seconds before the activation email may be asked for again (the server's quota is the real limit). */
export const RESEND_COOLDOWN_SECONDS = 60;

function ResendButton({ wait }: { wait: number }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" disabled={pending || wait > 0} aria-busy={pending || undefined}>
      {pending ? "Sending…" : wait > 0 ? `Send it again in ${wait} s` : "Send the email again"}
    </Button>
  );
}

/**
 * "Send the email again" on the check-your-email screen, with a cooldown counted down in the
 * browser after each send (the email was just sent when the screen appears). Without JavaScript
 * the button is a plain form post and the server's per-address quota does the limiting.
 */
export function ResendActivation({ email }: { email: string }) {
  const [state, action] = useActionState(resendActivationAction, idleState);
  // Seconds left; 0 as rendered on the server, so without JavaScript the button is usable.
  const [wait, setWait] = useState(0);

  // Each send (the registration itself, then every resend) starts the cooldown again.
  useEffect(() => {
    const readyAt = Date.now() + RESEND_COOLDOWN_SECONDS * 1000;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const left = Math.max(0, Math.ceil((readyAt - Date.now()) / 1000));
      setWait(left);
      if (left > 0) timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <form action={action} id="resend-activation">
      <input type="hidden" name="email" value={email} />
      {state.status !== "idle" ? (
        <p role="status" className={state.status === "error" ? "alert error" : "hint"}>
          {state.message}
        </p>
      ) : null}
      <div className="actions">
        <ResendButton wait={wait} />
      </div>
    </form>
  );
}
