"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { SelectField, type Choice } from "../choice-fields";
import { updateMfaPolicyAction } from "./actions";

const FIELDS = { mfaRequiredLevel: "Who must use a second factor" } as const;

/** The second-factor policy: nobody, or every role at a chosen level and above. */
export function MfaPolicyForm({ choices, current }: { choices: Choice[]; current: string }) {
  const [state, action] = useActionState(updateMfaPolicyAction, idleState);
  return (
    <Form id="mfa-policy" action={action} state={state} fields={FIELDS} labelledBy="mfa-policy-title">
      <SelectField
        name="mfaRequiredLevel"
        label={FIELDS.mfaRequiredLevel}
        choices={choices}
        defaultValue={current}
        hint="A role's level: a lower number is more authority. People it covers who have no second factor yet can only set one up until they do."
      />
      <div className="actions">
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </div>
    </Form>
  );
}
