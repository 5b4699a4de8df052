"use client";

import { useActionState } from "react";
import { NewPasswordField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { resetPasswordAction } from "./actions";

const FIELDS = { password: "New password" } as const;

export function ResetPasswordForm({ token, hasLinkedGoogle }: { token: string; hasLinkedGoogle: boolean }) {
  const [state, action] = useActionState(resetPasswordAction, idleState);
  return (
    <Form id="reset-password" action={action} state={state} fields={FIELDS} labelledBy="reset-title">
      <input type="hidden" name="token" value={token} />
      <NewPasswordField name="password" label={FIELDS.password} />
      {hasLinkedGoogle ? (
        <div className="field checkbox flex-row items-start gap-2">
          <input
            id="reset-password-keep-google"
            type="checkbox"
            name="keepLinkedAccounts"
            value="yes"
            defaultChecked={state.values?.keepLinkedAccounts === "yes"}
            className="mt-1 size-4 shrink-0 accent-primary"
          />
          <label htmlFor="reset-password-keep-google" className="text-sm">
            Keep signing in with Google too (leave unchecked if you did not link Google yourself)
          </label>
        </div>
      ) : null}
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Saving…">
        Set the new password
      </SubmitButton>
    </Form>
  );
}
