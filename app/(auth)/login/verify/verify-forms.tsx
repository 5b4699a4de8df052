"use client";

import { useActionState } from "react";
import { RecoveryCodeField, TotpCodeField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { verifyCodeAction } from "./actions";

const CODE_FIELDS = { code: "Code from your authenticator app" } as const;
const RECOVERY_FIELDS = { recoveryCode: "Recovery code" } as const;

/** The 6-digit code from the authenticator app: the usual second step. Works without JavaScript. */
export function VerifyCodeForm({ callbackUrl, addAccount }: { callbackUrl: string; addAccount: boolean }) {
  const [state, action] = useActionState(verifyCodeAction, idleState);
  return (
    <Form id="verify-code" action={action} state={state} fields={CODE_FIELDS} labelledBy="verify-title">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {addAccount ? <input type="hidden" name="addAccount" value="1" /> : null}
      <TotpCodeField label={CODE_FIELDS.code} hint="Open the app and enter the 6-digit code it shows for Authcore." />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Checking…">
        Verify
      </SubmitButton>
    </Form>
  );
}

/**
 * A recovery code instead, when the app or passkey is not at hand (each code works once). As an
 * alternative (`collapsed`) it sits folded under "Use a recovery code" (a native disclosure, no
 * JavaScript needed), and stays open after a failed attempt so its error is seen.
 */
export function VerifyRecoveryCodeForm({
  callbackUrl,
  addAccount,
  collapsed,
}: {
  callbackUrl: string;
  addAccount: boolean;
  collapsed: boolean;
}) {
  const [state, action] = useActionState(verifyCodeAction, idleState);
  const title = (
    <h2 id="verify-recovery-title" className="m-0 text-base font-semibold">
      Use a recovery code
    </h2>
  );
  const form = (
    <Form
      id="verify-recovery"
      action={action}
      state={state}
      fields={RECOVERY_FIELDS}
      labelledBy="verify-recovery-title"
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {addAccount ? <input type="hidden" name="addAccount" value="1" /> : null}
      <RecoveryCodeField
        label={RECOVERY_FIELDS.recoveryCode}
        hint="One of the codes you saved when you set up your second factor (xxxxx-xxxxx). Each works once."
      />
      <SubmitButton variant="secondary" className="w-full" pendingLabel="Checking…">
        Use this recovery code
      </SubmitButton>
    </Form>
  );
  return collapsed ? (
    <details className="rounded-md border border-border px-4 py-3" open={state.status === "error"}>
      <summary>{title}</summary>
      {form}
    </details>
  ) : (
    <section className="rounded-md border border-border p-4" aria-labelledby="verify-recovery-title">
      {title}
      {form}
    </section>
  );
}
