"use client";

import { NewPasswordField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import type { FormState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import type { PasswordContext } from "@/lib/validation/password-policy";

const FIELDS = { password: "New password" } as const;

type Props = { state: FormState; action: (formData: FormData) => void; person: PasswordContext };

/** For accounts created through Google: a first password (no current one to confirm). */
export function SetPasswordForm({ state, action, person }: Props) {
  return (
    <Form
      id="set-password"
      action={action}
      state={state}
      fields={FIELDS}
      labelledBy="set-password-title"
      showSuccess={false}
    >
      <h3 id="set-password-title">Set a password</h3>
      <p className="hint">
        Your account has no password yet. Set one to sign in with your username or email as well as with Google.
      </p>
      <NewPasswordField name="password" label={FIELDS.password} userInputs={person} />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Set password</SubmitButton>
      </div>
    </Form>
  );
}
