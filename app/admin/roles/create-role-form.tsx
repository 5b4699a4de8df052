"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { CheckboxGroup, type Choice } from "../choice-fields";
import { createRoleAction } from "./actions";

const FIELDS = { name: "Name", level: "Level", description: "Description", permissions: "Permissions" } as const;

export function CreateRoleForm({ permissions, actorLevel }: { permissions: Choice[]; actorLevel: number }) {
  const [state, action] = useActionState(createRoleAction, idleState);
  return (
    <Form id="create-role" action={action} state={state} fields={FIELDS} labelledBy="create-role-title">
      <Field
        name="name"
        label={FIELDS.name}
        required
        maxLength={50}
        hint="Letters, digits, spaces, '_', '.' and '-'."
      />
      <Field
        name="level"
        label={FIELDS.level}
        type="number"
        required
        hint={`A lower level has more authority. Yours is ${actorLevel}, so a new role's level must be ${actorLevel + 1}–999.`}
      />
      <Field name="description" label={FIELDS.description} maxLength={500} />
      <CheckboxGroup name="permissions" legend={FIELDS.permissions} choices={permissions} checked={[]} />
      <div className="actions">
        <SubmitButton pendingLabel="Creating…">Create role</SubmitButton>
      </div>
    </Form>
  );
}
