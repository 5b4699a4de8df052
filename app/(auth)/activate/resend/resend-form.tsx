"use client";

import { useActionState } from "react";
import { EmailField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { resendActivationAction } from "./actions";

const FIELDS = { email: "Email" } as const;

export function ResendActivationForm({ email }: { email: string }) {
  const [state, action] = useActionState(resendActivationAction, idleState);
  return (
    <Form id="resend-activation" action={action} state={state} fields={FIELDS} labelledBy="resend-title">
      <EmailField name="email" label={FIELDS.email} defaultValue={email} />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Sending…">
        Send the activation email
      </SubmitButton>
    </Form>
  );
}
