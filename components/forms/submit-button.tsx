"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { buttonVariants, type ButtonProps } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";

type SubmitButtonProps = {
  children: ReactNode;
  /** Shown while the form is submitting. */
  pendingLabel: string;
  className?: string;
  /** The design system's look (components/ui/button), primary by default; `unstyled` leaves it to `className`. */
  variant?: ButtonProps["variant"] | "unstyled";
  size?: ButtonProps["size"];
  /** For forms with several submit buttons: the value this button submits under `name`. */
  name?: string;
  value?: string;
};

/** The design system's classes for the button, or only `className` when unstyled. */
function buttonClasses(variant: SubmitButtonProps["variant"], size: ButtonProps["size"], className?: string): string {
  if (variant === "unstyled") return className ?? "";
  return cn(buttonVariants({ variant: variant ?? "primary", size }), className);
}

/** A submit button that is disabled and says so (its pending label, a spinner) while its form is submitted. */
export function SubmitButton({ children, pendingLabel, className, variant, size, name, value }: SubmitButtonProps) {
  const { pending, data } = useFormStatus();
  // With several buttons in one form, only the one that was pressed shows the pending label.
  const mine = pending && (name === undefined || data?.get(name) === value);
  return (
    <button
      type="submit"
      className={buttonClasses(variant, size, className)}
      name={name}
      value={value}
      disabled={pending}
      aria-busy={mine || undefined}
    >
      {mine ? (
        <span className="inline-flex items-center justify-center gap-2">
          <Spinner />
          {pendingLabel}
        </span>
      ) : (
        children
      )}
    </button>
  );
}
