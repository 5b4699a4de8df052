"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { EmailField, NameField, NewPasswordField, UsernameField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { registerAction } from "./actions";
import { CheckYourEmail } from "./check-your-email";

const FIELDS = {
  username: "Username",
  email: "Email",
  password: "Password",
  firstName: "First name",
  lastName: "Last name",
} as const;

/**
 * `devMailbox`: in development, where the emails land (/dev/mail), so nobody waits for a real inbox.
 * `social`: the other ways to sign up (Google's button and its "or"), shown above the form until
 * the registration is done.
 */
export function RegisterForm({ devMailbox = false, social }: { devMailbox?: boolean; social?: ReactNode }) {
  const [state, action] = useActionState(registerAction, idleState);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "success") doneRef.current?.focus();
  }, [state]);

  if (state.status === "success") {
    return (
      <CheckYourEmail email={state.values?.email ?? ""} devMailbox={devMailbox}>
        {/* autoFocus covers the page rendered after a no-JavaScript post; the effect covers the in-place update. */}
        <div ref={doneRef} tabIndex={-1} role="status" className="alert success" id="register-done" autoFocus>
          <p>{state.message}</p>
        </div>
      </CheckYourEmail>
    );
  }

  return (
    <>
      {social}
      <Form id="register" action={action} state={state} fields={FIELDS} labelledBy="register-title">
        <UsernameField name="username" label={FIELDS.username} />
        <EmailField name="email" label={FIELDS.email} />
        <NewPasswordField name="password" label={FIELDS.password} />
        <NameField name="firstName" label={FIELDS.firstName} part="given" />
        <NameField name="lastName" label={FIELDS.lastName} part="family" />
        <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Creating your account…">
          Create account
        </SubmitButton>
      </Form>
    </>
  );
}
