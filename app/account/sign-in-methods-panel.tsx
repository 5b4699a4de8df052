"use client";

import { useActionState } from "react";
import { linkGoogleAction, setPasswordAction, unlinkGoogleAction } from "./linking-actions";
import { formatTimestamp } from "./device";
import { FormMessage } from "@/components/forms/form-message";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { SetPasswordForm } from "./set-password-form";
import { UnlinkGoogleForm } from "./unlink-google-form";
import type { PasswordContext } from "@/lib/validation/password-policy";

type Props = { password: boolean; googleLinkedAt: string | null; googleAvailable: boolean; person: PasswordContext };

/**
 * The forms' state lives here, above the forms: a successful unlink or "set password" re-renders
 * the page without the form that succeeded, and its confirmation must outlive it.
 */
export function SignInMethodsPanel({ password, googleLinkedAt, googleAvailable, person }: Props) {
  const [unlinkState, unlinkAction] = useActionState(unlinkGoogleAction, idleState);
  const [passwordState, passwordAction] = useActionState(setPasswordAction, idleState);
  const confirmations = [
    !googleLinkedAt && unlinkState.status === "success" ? unlinkState.message : null,
    password && passwordState.status === "success" ? passwordState.message : null,
  ].filter(Boolean);
  return (
    <>
      {confirmations.map((message) => (
        <FormMessage key={message}>{message}</FormMessage>
      ))}
      <dl className="facts">
        <dt>Password</dt>
        <dd>{password ? "Set" : "Not set"}</dd>
        {/* Where Google sign-in is not configured, an account that never linked it hears nothing of it. */}
        {googleLinkedAt || googleAvailable ? (
          <>
            <dt>Google</dt>
            <dd>
              {googleLinkedAt ? (
                <>
                  Linked since <time dateTime={googleLinkedAt}>{formatTimestamp(googleLinkedAt)}</time>
                </>
              ) : (
                "Not linked"
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {googleLinkedAt ? (
        <UnlinkGoogleForm
          state={unlinkState}
          action={unlinkAction}
          disabledReason={
            password ? null : "Google is your only way to sign in: set a password below before unlinking it."
          }
        />
      ) : googleAvailable ? (
        <form action={linkGoogleAction} aria-label="Link Google">
          <p className="hint">Link your Google account to sign in with Google as well.</p>
          <SubmitButton variant="secondary" pendingLabel="Opening Google…">
            Link Google
          </SubmitButton>
        </form>
      ) : null}
      {password ? null : <SetPasswordForm state={passwordState} action={passwordAction} person={person} />}
    </>
  );
}
