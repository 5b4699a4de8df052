"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { IdentifierSchema, PasswordInputSchema } from "@/lib/validation/fields";
import { loginAction } from "./actions";

const FIELDS = { identifier: "Username or email", password: "Password" } as const;

export function LoginForm({ callbackUrl, addAccount = false }: { callbackUrl: string; addAccount?: boolean }) {
  const [state, action] = useActionState(loginAction, idleState);
  return (
    <Form id="login" action={action} state={state} fields={FIELDS} labelledBy="login-title">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {addAccount ? <input type="hidden" name="addAccount" value="1" /> : null}
      <Field
        name="identifier"
        label={FIELDS.identifier}
        autoComplete="username"
        required
        spellCheck={false}
        autoFocus
        schema={IdentifierSchema}
      />
      <Field
        name="password"
        label={FIELDS.password}
        type="password"
        autoComplete="current-password"
        required
        schema={PasswordInputSchema}
        labelAside={<Link href="/forgot-password">Forgot password?</Link>}
      />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </Form>
  );
}
