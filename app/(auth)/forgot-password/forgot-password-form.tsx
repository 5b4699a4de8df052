"use client";

import { useActionState } from "react";
import { EmailField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { forgotPasswordAction } from "./actions";

const FIELDS = { email: "Email" } as const;

export function ForgotPasswordForm() {
  const [state, action] = useActionState(forgotPasswordAction, idleState);
  return (
    <Form id="forgot-password" action={action} state={state} fields={FIELDS} labelledBy="forgot-title">
      <EmailField name="email" label={FIELDS.email} />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Sending…">
        Send the reset link
      </SubmitButton>
    </Form>
  );
}
