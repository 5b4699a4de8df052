"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { PasswordInputSchema } from "@/lib/validation/fields";
import { activateAction } from "./actions";

const FIELDS = { password: "Password" } as const;

export function ActivateForm({ token }: { token: string }) {
  const [state, action] = useActionState(activateAction, idleState);
  return (
    <Form id="activate" action={action} state={state} fields={FIELDS} labelledBy="activate-title">
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label={FIELDS.password}
        type="password"
        autoComplete="current-password"
        hint="The password you chose when you registered."
        required
        schema={PasswordInputSchema}
      />
      <SubmitButton variant="primary" className="mt-2 w-full" pendingLabel="Activating…">
        Activate and sign in
      </SubmitButton>
      <p className="hint mt-4 text-sm text-muted-foreground">
        Forgot it? <Link href="/register">Register again</Link> with the same email address: the newest registration
        replaces this one and sends a new link.
      </p>
    </Form>
  );
}
