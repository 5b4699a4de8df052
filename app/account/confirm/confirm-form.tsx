"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { reauthenticateAction } from "./actions";
import { CARD_PANEL } from "@/components/ui/card";

const FIELDS = { password: "Password" } as const;

/** Step-up with the password; `next` is the account tab to return to. */
export function ConfirmForm({ next }: { next: string }) {
  const [state, action] = useActionState(reauthenticateAction, idleState);
  return (
    <Form id="confirm" action={action} state={state} fields={FIELDS} labelledBy="confirm-title" className={CARD_PANEL}>
      <input type="hidden" name="next" value={next} />
      <Field name="password" label={FIELDS.password} type="password" autoComplete="current-password" required />
      <div className="actions">
        <SubmitButton pendingLabel="Checking…">Confirm</SubmitButton>
      </div>
    </Form>
  );
}
