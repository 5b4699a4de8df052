"use client";

import { useActionState } from "react";
import { NewPasswordField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { resetPasswordAction } from "./actions";

const FIELDS = { password: "New password" } as const;

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, idleState);
  return (
    <Form id="reset-password" action={action} state={state} fields={FIELDS} labelledBy="reset-title" className="card">
      <input type="hidden" name="token" value={token} />
      <NewPasswordField name="password" label={FIELDS.password} />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Set the new password</SubmitButton>
      </div>
    </Form>
  );
}
