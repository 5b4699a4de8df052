"use client";

import { useActionState } from "react";
import { NewPasswordField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { acceptInvitationAction } from "./actions";

const FIELDS = { password: "Password" } as const;

export function InvitationForm({ token, username }: { token: string; username: string }) {
  const [state, action] = useActionState(acceptInvitationAction, idleState);
  return (
    <Form id="invitation" action={action} state={state} fields={FIELDS} labelledBy="invitation-title">
      <input type="hidden" name="token" value={token} />
      {/* Not shown and not read by the server: lets password managers save the new password under the username. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <NewPasswordField name="password" label={FIELDS.password} />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Saving…">
        Set password and sign in
      </SubmitButton>
    </Form>
  );
}
