"use client";

import { Form } from "@/components/forms/form";
import type { FormState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";

type Props = { state: FormState; action: (formData: FormData) => void; disabledReason: string | null };

/** Unlinks Google; when it is the last way in, the button is replaced by the reason (the server refuses too). */
export function UnlinkGoogleForm({ state, action, disabledReason }: Props) {
  return (
    <Form id="unlink-google" action={action} state={state} labelledBy="sign-in-methods-title" showSuccess={false}>
      {disabledReason ? (
        <p className="hint">{disabledReason}</p>
      ) : (
        <div className="actions">
          <SubmitButton variant="danger" pendingLabel="Unlinking…">
            Unlink Google
          </SubmitButton>
        </div>
      )}
    </Form>
  );
}
