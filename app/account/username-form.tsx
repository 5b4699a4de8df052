"use client";

import { useActionState } from "react";
import { UsernameField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { changeUsernameAction } from "./actions";

const FIELDS = { username: "Username" } as const;

export function UsernameForm({ username }: { username: string }) {
  const [state, action] = useActionState(changeUsernameAction, idleState);
  return (
    <Form id="username" action={action} state={state} fields={FIELDS} labelledBy="username-title">
      <UsernameField
        name="username"
        label={FIELDS.username}
        defaultValue={username}
        extraHint="You can sign in with it or with your email."
      />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Change username</SubmitButton>
      </div>
    </Form>
  );
}
