"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { cancelRegistrationAction } from "./actions";
import { Alert } from "@/components/ui/alert";

export function CancelRegistrationForm({ token }: { token: string }) {
  const [state, action] = useActionState(cancelRegistrationAction, idleState);
  if (state.status === "success") {
    return (
      <Alert tone="success" tabIndex={-1} autoFocus>
        <p>{state.message}</p>
      </Alert>
    );
  }
  return (
    <Form id="cancel-registration" action={action} state={state} labelledBy="cancel-title">
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant="danger" className="w-full" pendingLabel="Cancelling…">
        Cancel this registration
      </SubmitButton>
    </Form>
  );
}
