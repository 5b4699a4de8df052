"use client";

import { useActionState } from "react";
import { TotpCodeField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { confirmTotpAction } from "../mfa-actions";

const FIELDS = { code: "Code from your app" } as const;

/** The first code from the app: it proves the app holds the secret, and turns the app on. */
export function ConfirmTotpForm() {
  const [state, action] = useActionState(confirmTotpAction, idleState);
  return (
    <Form id="totp-confirm" action={action} state={state} fields={FIELDS} labelledBy="totp-confirm-title">
      <TotpCodeField label={FIELDS.code} hint="The 6 digits your app shows now for Authcore." />
      <div className="actions">
        <SubmitButton pendingLabel="Checking…">Turn on</SubmitButton>
      </div>
    </Form>
  );
}
