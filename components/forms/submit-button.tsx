"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

type SubmitButtonProps = {
  children: ReactNode;
  /** Shown while the form is submitting. */
  pendingLabel: string;
  className?: string;
  /** For forms with several submit buttons: the value this button submits under `name`. */
  name?: string;
  value?: string;
};

/** A submit button that is disabled and says so while its form is being submitted. */
export function SubmitButton({ children, pendingLabel, className, name, value }: SubmitButtonProps) {
  const { pending, data } = useFormStatus();
  // With several buttons in one form, only the one that was pressed shows the pending label.
  const mine = pending && (name === undefined || data?.get(name) === value);
  return (
    <button
      type="submit"
      className={className}
      name={name}
      value={value}
      disabled={pending}
      aria-busy={mine || undefined}
    >
      {mine ? pendingLabel : children}
    </button>
  );
}
