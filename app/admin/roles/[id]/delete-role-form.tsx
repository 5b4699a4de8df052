"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { ConfirmCheckbox } from "../../choice-fields";
import { deleteRoleAction } from "../actions";

const FIELDS = { confirm: "Confirmation" } as const;

export function DeleteRoleForm({ roleId, name }: { roleId: string; name: string }) {
  const [state, action] = useActionState(deleteRoleAction, idleState);
  return (
    <Form id="delete-role" action={action} state={state} fields={FIELDS} labelledBy="delete-role-title">
      <input type="hidden" name="id" value={roleId} />
      <ConfirmCheckbox name="confirm" label={`Yes, delete the role ${name}`} />
      <div className="actions">
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          Delete role
        </SubmitButton>
      </div>
    </Form>
  );
}
