"use client";

import { useActionState } from "react";
import { Field, NewPasswordField } from "@/components/forms/field";
import type { PasswordContext } from "@/lib/validation/password-policy";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { changePasswordAction } from "./actions";

const FIELDS = { currentPassword: "Current password", newPassword: "New password" } as const;

/** `person`: their username and email, which the new password must not contain (checked as they type). */
export function PasswordForm({ person }: { person: PasswordContext }) {
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
      <NewPasswordField name="newPassword" label={FIELDS.newPassword} userInputs={person} />
      <div className="actions">
        <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
      </div>
    </Form>
  );
}
