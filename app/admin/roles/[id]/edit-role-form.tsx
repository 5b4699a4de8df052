"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { CheckboxGroup, type Choice } from "../../choice-fields";
import { updateRoleAction } from "../actions";

const FIELDS = { name: "Name", level: "Level", description: "Description", permissions: "Permissions" } as const;

/**
 * A role's edit form. A built-in role keeps its name and level (they are shown on the page, not
 * offered here); a role the viewer may not manage is shown with every control disabled.
 */
export function EditRoleForm({
  role,
  permissions,
  editable,
}: {
  role: { id: string; name: string; level: number; description: string; builtIn: boolean; permissions: string[] };
  permissions: Choice[];
  editable: boolean;
}) {
  const [state, action] = useActionState(updateRoleAction, idleState);
  return (
    <Form id="edit-role" action={action} state={state} fields={FIELDS} labelledBy="edit-role-title">
      <input type="hidden" name="id" value={role.id} />
      <fieldset disabled={!editable} className="plain">
        {role.builtIn ? null : (
          <>
            <Field name="name" label={FIELDS.name} required maxLength={50} defaultValue={role.name} />
            <Field
              name="level"
              label={FIELDS.level}
              type="number"
              required
              defaultValue={String(role.level)}
              hint="A lower level has more authority; it must stay below your own."
            />
          </>
        )}
        <Field name="description" label={FIELDS.description} maxLength={500} defaultValue={role.description} />
        <CheckboxGroup
          name="permissions"
          legend={FIELDS.permissions}
          choices={permissions}
          checked={role.permissions}
        />
        {editable ? (
          <div className="actions">
            <SubmitButton pendingLabel="Saving…">Save role</SubmitButton>
          </div>
        ) : null}
      </fieldset>
    </Form>
  );
}
