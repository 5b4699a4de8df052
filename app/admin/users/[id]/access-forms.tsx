"use client";

import { useActionState } from "react";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { setUserActiveAction, userAccessAction } from "../actions";

/** Disable or enable the account. */
export function UserStatusForm({ userId, isActive }: { userId: string; isActive: boolean }) {
  const [state, action] = useActionState(setUserActiveAction, idleState);
  return (
    <Form id="user-status" action={action} state={state} labelledBy="user-status-title">
      <input type="hidden" name="id" value={userId} />
      <p>
        {isActive
          ? "The account is active. Disabling it signs the person out everywhere at once and stops them signing in."
          : "The account is disabled: the person cannot sign in."}
      </p>
      <div className="actions">
        {isActive ? (
          <SubmitButton variant="danger" name="intent" value="disable" pendingLabel="Disabling…">
            Disable account
          </SubmitButton>
        ) : (
          <SubmitButton name="intent" value="enable" pendingLabel="Enabling…">
            Enable account
          </SubmitButton>
        )}
      </div>
    </Form>
  );
}

/** "Sign out everywhere" and "Send password reset link". */
export function UserAccessForm({ userId }: { userId: string }) {
  const [state, action] = useActionState(userAccessAction, idleState);
  return (
    <Form id="user-access" action={action} state={state} labelledBy="user-access-title">
      <input type="hidden" name="id" value={userId} />
      <div className="actions">
        <SubmitButton variant="secondary" name="intent" value="revoke-sessions" pendingLabel="Signing out…">
          Sign out everywhere
        </SubmitButton>
        <SubmitButton variant="secondary" name="intent" value="send-reset" pendingLabel="Sending…">
          Send password reset link
        </SubmitButton>
      </div>
      <p className="hint">
        Signing out ends every browser session and app token of this user. The reset link goes to the user&apos;s own
        email address.
      </p>
    </Form>
  );
}
