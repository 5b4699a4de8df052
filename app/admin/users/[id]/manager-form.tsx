"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { SelectField, type Choice } from "../../choice-fields";
import { updateUserManagerAction } from "../actions";

const FIELDS = { managerId: "Manager" } as const;

export function UserManagerForm({
  userId,
  managers,
  managerId,
}: {
  userId: string;
  managers: Choice[];
  managerId: string;
}) {
  const [state, action] = useActionState(updateUserManagerAction, idleState);
  return (
    <Form id="user-manager" action={action} state={state} fields={FIELDS} labelledBy="user-manager-title">
      <input type="hidden" name="id" value={userId} />
      <SelectField name="managerId" label={FIELDS.managerId} choices={managers} defaultValue={managerId} />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Save manager</SubmitButton>
      </div>
    </Form>
  );
}
