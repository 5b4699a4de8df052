"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
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
      <Field
        name="password"
        label={FIELDS.password}
        type="password"
        autoComplete="new-password"
        hint="8–128 characters. Avoid common passwords and your username or email."
        required
      />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Set the new password</SubmitButton>
      </div>
    </Form>
  );
}
