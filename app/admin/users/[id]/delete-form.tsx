"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { ConfirmCheckbox } from "../../choice-fields";
import { deleteUserAction } from "../actions";

const FIELDS = { confirm: "Confirmation" } as const;

/** Deletion needs the box ticked: a confirmation step that works without JavaScript. */
export function DeleteUserForm({ userId, username }: { userId: string; username: string }) {
  const [state, action] = useActionState(deleteUserAction, idleState);
  return (
    <Form id="user-delete" action={action} state={state} fields={FIELDS} labelledBy="user-delete-title">
      <input type="hidden" name="id" value={userId} />
      <p>
        Deleting ends every session at once; the user&apos;s reports move up to their manager. This cannot be undone.
      </p>
      <ConfirmCheckbox name="confirm" label={`Yes, delete ${username} permanently`} />
      <div className="actions">
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          Delete user
        </SubmitButton>
      </div>
    </Form>
  );
}
