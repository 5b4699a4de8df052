"use client";

import { useActionState } from "react";
import { EmailField, NameField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { updateUserProfileAction } from "../actions";

const FIELDS = { firstName: "First name", lastName: "Last name", email: "Email" } as const;

export function UserProfileForm({
  userId,
  firstName,
  lastName,
  email,
}: {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
}) {
  const [state, action] = useActionState(updateUserProfileAction, idleState);
  return (
    <Form id="user-profile" action={action} state={state} fields={FIELDS} labelledBy="user-profile-title">
      <input type="hidden" name="id" value={userId} />
      <NameField name="firstName" label={FIELDS.firstName} part="given" defaultValue={firstName} />
      <NameField name="lastName" label={FIELDS.lastName} part="family" defaultValue={lastName} />
      <EmailField name="email" label={FIELDS.email} defaultValue={email} />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Save details</SubmitButton>
      </div>
    </Form>
  );
}
