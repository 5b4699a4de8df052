"use client";

import { forwardRef, useState, type InputHTMLAttributes } from "react";
import { cn } from "./cn";
import { inputClassName } from "./input";

export type PasswordInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  /** What the toggle calls the field, e.g. "password" → "Show password". */
  fieldName?: string;
};

/**
 * A password field with a show/hide toggle. The toggle is a real button (aria-pressed says whether
 * the password is shown, its name says what pressing does) that keeps the focus where it is: a
 * pointer press does not move focus off the field, so typing can go on. Without JavaScript the
 * toggle does nothing and the field stays a plain password field.
 */
export const PasswordInput = forwardRef<HTMLInputElement, PasswordInputProps>(function PasswordInput(
  { className, fieldName = "password", disabled, ...props },
  ref,
) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <input
        ref={ref}
        type={shown ? "text" : "password"}
        className={cn(inputClassName, "pr-20", className)}
        disabled={disabled}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        {...props}
      />
      <button
        type="button"
        className={cn(
          // border-0/bg-transparent/py-0: the older pages' base button style must not fill the toggle.
          "absolute inset-y-1 right-1 rounded border-0 bg-transparent px-2 py-0 text-sm font-medium text-primary",
          "hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60",
        )}
        aria-pressed={shown}
        aria-label={`${shown ? "Hide" : "Show"} ${fieldName}`}
        disabled={disabled}
        // Keep the caret in the field when the toggle is clicked or tapped.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setShown((value) => !value)}
      >
        {shown ? "Hide" : "Show"}
      </button>
    </div>
  );
});
