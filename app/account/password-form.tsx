"use client";

import { useActionState } from "react";
import { Field, NewPasswordField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { changePasswordAction } from "./actions";

const FIELDS = { currentPassword: "Current password", newPassword: "New password" } as const;

export function PasswordForm() {
  const [state, action] = useActionState(changePasswordAction, idleState);
  return (
    <Form id="password" action={action} state={state} fields={FIELDS} labelledBy="password-title">
      <Field
        name="currentPassword"
        label={FIELDS.currentPassword}
        type="password"
        autoComplete="current-password"
        required
      />
      <NewPasswordField name="newPassword" label={FIELDS.newPassword} />
      <div className="actions">
        <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
      </div>
    </Form>
  );
}
