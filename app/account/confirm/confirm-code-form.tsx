"use client";

import { useActionState } from "react";
import { RecoveryCodeField, TotpCodeField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { reauthenticateAction } from "./actions";
import { CARD_PANEL } from "@/components/ui/card";

const CODE_FIELDS = { code: "Code from your authenticator app" } as const;
const RECOVERY_FIELDS = { recoveryCode: "Recovery code" } as const;

/** Step-up with a code from the authenticator app (a second factor counts as confirming it's you). */
export function ConfirmCodeForm({ next }: { next: string }) {
  const [state, action] = useActionState(reauthenticateAction, idleState);
  return (
    <Form
      id="confirm-code"
      action={action}
      state={state}
      fields={CODE_FIELDS}
      labelledBy="confirm-code-title"
      className={CARD_PANEL}
    >
      <h2 id="confirm-code-title">With your authenticator app</h2>
      <input type="hidden" name="next" value={next} />
      <TotpCodeField label={CODE_FIELDS.code} />
      <div className="actions">
        <SubmitButton pendingLabel="Checking…">Confirm with a code</SubmitButton>
      </div>
    </Form>
  );
}

/** Step-up with one of the recovery codes (it is used up). */
export function ConfirmRecoveryCodeForm({ next }: { next: string }) {
  const [state, action] = useActionState(reauthenticateAction, idleState);
  return (
    <Form
      id="confirm-recovery"
      action={action}
      state={state}
      fields={RECOVERY_FIELDS}
      labelledBy="confirm-recovery-title"
      className={CARD_PANEL}
    >
      <h2 id="confirm-recovery-title">With a recovery code</h2>
      <input type="hidden" name="next" value={next} />
      <RecoveryCodeField label={RECOVERY_FIELDS.recoveryCode} hint="Each recovery code works once." />
      <div className="actions">
        <SubmitButton variant="secondary" pendingLabel="Checking…">
          Confirm with a recovery code
        </SubmitButton>
      </div>
    </Form>
  );
}
