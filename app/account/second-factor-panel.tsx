"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { fieldId, useFormContext } from "@/components/forms/form-context";
import { FormMessage } from "@/components/forms/form-message";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { formatTimestamp } from "./device";
import { regenerateRecoveryCodesAction, removeTotpAction, startTotpAction } from "./mfa-actions";

type Props = {
  totpEnabledAt: string | null;
  totpPending: boolean;
  hasFactor: boolean;
  recoveryCodesLeft: number;
};

const REMOVE_FIELDS = { confirm: "Confirmation" } as const;

/** A native checkbox (no inline styles under our CSP) tied to its error, for a confirmation step without JavaScript. */
function ConfirmBox({ label }: { label: string }) {
  const { formId, state } = useFormContext();
  const id = fieldId(formId, "confirm");
  const errors = state.status === "error" ? (state.fieldErrors?.confirm ?? []) : [];
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="choice">
        <input
          id={id}
          type="checkbox"
          name="confirm"
          value="yes"
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errorId}
        />{" "}
        {label}
      </label>
      {errorId ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function codesLeftText(count: number): string {
  if (count === 0) return "None left";
  return count === 1 ? "1 code left" : `${count} codes left`;
}

/**
 * The forms' state lives here, above the forms: removing the app re-renders the section without
 * the form that succeeded, and its confirmation must outlive it.
 */
export function SecondFactorPanel({ totpEnabledAt, totpPending, hasFactor, recoveryCodesLeft }: Props) {
  const [startState, startAction] = useActionState(startTotpAction, idleState);
  const [removeState, removeAction] = useActionState(removeTotpAction, idleState);
  const [codesState, codesAction] = useActionState(regenerateRecoveryCodesAction, idleState);
  return (
    <>
      {!totpEnabledAt && removeState.status === "success" ? <FormMessage>{removeState.message}</FormMessage> : null}
      <dl className="facts">
        <dt>Authenticator app</dt>
        <dd>
          {totpEnabledAt ? (
            <>
              On since <time dateTime={totpEnabledAt}>{formatTimestamp(totpEnabledAt)}</time>
            </>
          ) : totpPending ? (
            "Setup not finished"
          ) : (
            "Not set up"
          )}
        </dd>
        {hasFactor ? (
          <>
            <dt>Recovery codes</dt>
            <dd>{codesLeftText(recoveryCodesLeft)}</dd>
          </>
        ) : null}
      </dl>
      {totpEnabledAt ? (
        <Form
          id="totp-remove"
          action={removeAction}
          state={removeState}
          fields={REMOVE_FIELDS}
          labelledBy="second-factor-title"
          showSuccess={false}
        >
          <ConfirmBox label="Yes, remove my authenticator app" />
          <div className="actions">
            <SubmitButton variant="danger" pendingLabel="Removing…">
              Remove authenticator app
            </SubmitButton>
          </div>
        </Form>
      ) : (
        <Form id="totp-start" action={startAction} state={startState} labelledBy="second-factor-title">
          {totpPending ? (
            <p className="hint">
              <Link href="/account/totp">Finish setting up your authenticator app</Link>, or start again.
            </p>
          ) : (
            <p className="hint">
              Use an app such as Google Authenticator, Microsoft Authenticator, 1Password or Bitwarden.
            </p>
          )}
          <div className="actions">
            <SubmitButton variant={totpPending ? "secondary" : undefined} pendingLabel="Starting…">
              {totpPending ? "Start again" : "Set up authenticator app"}
            </SubmitButton>
          </div>
        </Form>
      )}
      {hasFactor ? (
        <Form id="recovery-codes" action={codesAction} state={codesState} labelledBy="second-factor-title">
          <p className="hint">
            Recovery codes let you sign in when you lose your phone. Each works once; new codes replace the old ones.
          </p>
          <div className="actions">
            <SubmitButton variant="secondary" pendingLabel="Generating…">
              Generate new recovery codes
            </SubmitButton>
          </div>
        </Form>
      ) : null}
    </>
  );
}
