"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { ConfirmCheckbox } from "../../choice-fields";
import { resetSecondFactorsAction } from "../mfa-actions";

const FIELDS = { confirm: "Confirmation" } as const;

/** The user's second factors at a glance, and the confirmed reset (works without JavaScript). */
export function MfaResetForm({
  userId,
  username,
  factors,
}: {
  userId: string;
  username: string;
  factors: { totp: boolean; passkeys: number; recoveryCodesLeft: number };
}) {
  const [state, action] = useActionState(resetSecondFactorsAction, idleState);
  const none = !factors.totp && factors.passkeys === 0 && factors.recoveryCodesLeft === 0;
  return (
    <Form id="user-mfa" action={action} state={state} fields={FIELDS} labelledBy="user-mfa-title">
      <input type="hidden" name="id" value={userId} />
      <p>
        Authenticator app: {factors.totp ? "set up" : "none"}. Passkeys: {factors.passkeys}. Recovery codes left:{" "}
        {factors.recoveryCodesLeft}.
      </p>
      {none ? (
        <p className="hint">This user has no second factor.</p>
      ) : (
        <>
          <p>
            For someone who lost their authenticator app or passkey and their recovery codes: every second factor is
            removed, every session and app token ends, and the user is emailed. They sign in with their password and set
            up a new factor.
          </p>
          <ConfirmCheckbox name="confirm" label={`Yes, remove every second factor of ${username}`} />
          <div className="actions">
            <SubmitButton variant="danger" pendingLabel="Resetting…">
              Reset second factors
            </SubmitButton>
          </div>
        </>
      )}
    </Form>
  );
}
