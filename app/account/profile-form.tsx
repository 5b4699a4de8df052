"use client";

import { useActionState } from "react";
import { NameField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { updateProfileAction } from "./actions";

const FIELDS = { firstName: "First name", lastName: "Last name" } as const;

export function ProfileForm({ firstName, lastName }: { firstName: string; lastName: string }) {
  const [state, action] = useActionState(updateProfileAction, idleState);
  return (
    <Form id="profile" action={action} state={state} fields={FIELDS} labelledBy="profile-title">
      <NameField name="firstName" label={FIELDS.firstName} part="given" defaultValue={firstName} />
      <NameField name="lastName" label={FIELDS.lastName} part="family" defaultValue={lastName} />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
      </div>
    </Form>
  );
}
