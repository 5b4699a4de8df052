"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { CheckboxGroup, type Choice } from "../../choice-fields";
import { updateUserRolesAction } from "../actions";

const FIELDS = { roleIds: "Roles" } as const;

/** The user's roles as checkboxes; those the viewer may not grant or take away are shown disabled. */
export function UserRolesForm({ userId, roles, held }: { userId: string; roles: Choice[]; held: string[] }) {
  const [state, action] = useActionState(updateUserRolesAction, idleState);
  return (
    <Form id="user-roles" action={action} state={state} fields={FIELDS} labelledBy="user-roles-title">
      <input type="hidden" name="id" value={userId} />
      <CheckboxGroup
        name="roleIds"
        legend={FIELDS.roleIds}
        choices={roles}
        checked={held}
        hint="You can grant and take away roles below your own level whose permissions you hold yourself; the others are shown for reference."
      />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Save roles</SubmitButton>
      </div>
    </Form>
  );
}
