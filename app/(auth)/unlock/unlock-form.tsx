"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { unlockAction } from "./actions";

export function UnlockForm({ token }: { token: string }) {
  const [state, action] = useActionState(unlockAction, idleState);
  return (
    <Form id="unlock" action={action} state={state} labelledBy="unlock-title">
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Unlocking…">
        Unlock my account
      </SubmitButton>
    </Form>
  );
}
