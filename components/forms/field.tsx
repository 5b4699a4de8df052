"use client";

import type { HTMLInputAutoCompleteAttribute, HTMLInputTypeAttribute, ReactNode } from "react";
import { PasswordInput } from "@/components/ui/password-input";
import { NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "@/lib/validation/fields";
import { fieldId, useFormContext } from "./form-context";

type FieldProps = {
  name: string;
  label: string;
  type?: HTMLInputTypeAttribute;
  hint?: string;
  autoComplete?: HTMLInputAutoCompleteAttribute;
  required?: boolean;
  defaultValue?: string;
  maxLength?: number;
  minLength?: number;
  inputMode?: "text" | "email" | "numeric";
  spellCheck?: boolean;
  /** Where the cursor starts when no field needs fixing (a form's first field). */
  autoFocus?: boolean;
  /** Beside the label, e.g. "Forgot password?" next to a password's. */
  labelAside?: ReactNode;
};

/**
 * A labelled input whose hint and errors are tied to it with aria-describedby, marked
 * aria-invalid when the last submission rejected it. It shows the submitted value again,
 * except for passwords, which are never sent back to the page (and get a show/hide toggle). After
 * a rejected submission the cursor goes to the first field that needs fixing, else to the field
 * marked `autoFocus`.
 */
export function Field({
  name,
  label,
  type = "text",
  hint,
  defaultValue,
  required,
  autoFocus,
  labelAside,
  ...input
}: FieldProps) {
  const { formId, state, firstInvalid } = useFormContext();
  const id = fieldId(formId, name);
  const errors = state.status === "error" ? (state.fieldErrors?.[name] ?? []) : [];
  const invalid = errors.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  const value = type === "password" ? undefined : (state.values?.[name] ?? defaultValue);
  const focus = firstInvalid ? firstInvalid === name : autoFocus;

  return (
    <div className="field">
      <div className="field-label">
        <label htmlFor={id}>
          {label}
          {required ? null : <span className="optional"> (optional)</span>}
        </label>
        {labelAside}
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {type === "password" ? (
        <PasswordInput
          id={id}
          name={name}
          fieldName={label.toLowerCase()}
          required={required}
          aria-invalid={invalid || undefined}
          autoFocus={focus}
          aria-describedby={describedBy}
          {...input}
        />
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={value}
          required={required}
          aria-invalid={invalid || undefined}
          autoFocus={focus}
          aria-describedby={describedBy}
          {...input}
        />
      )}
      {invalid ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A field for choosing a password, with the policy stated once for every form that asks for one. */
export function NewPasswordField({ name, label }: { name: string; label: string }) {
  return (
    <Field
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters. Avoid common passwords and your username or email.`}
      required
    />
  );
}

/** An email address field (email keyboard, autofill, no spell-checking). */
export function EmailField({ name, label, defaultValue }: { name: string; label: string; defaultValue?: string }) {
  return (
    <Field
      name={name}
      label={label}
      type="email"
      inputMode="email"
      autoComplete="email"
      defaultValue={defaultValue}
      required
      spellCheck={false}
    />
  );
}

/** A username field with the rule the server applies stated in its hint (`extraHint` follows it). */
export function UsernameField({
  name,
  label,
  defaultValue,
  extraHint,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  extraHint?: string;
}) {
  const rule = `${USERNAME_MIN}–${USERNAME_MAX} characters: letters, digits, '_', '.' and '-'.`;
  return (
    <Field
      name={name}
      label={label}
      autoComplete="username"
      hint={extraHint ? `${rule} ${extraHint}` : rule}
      defaultValue={defaultValue}
      required
      maxLength={USERNAME_MAX}
      spellCheck={false}
    />
  );
}

/** An optional first or last name. */
export function NameField({
  name,
  label,
  part,
  defaultValue,
}: {
  name: string;
  label: string;
  part: "given" | "family";
  defaultValue?: string;
}) {
  return (
    <Field name={name} label={label} autoComplete={`${part}-name`} defaultValue={defaultValue} maxLength={NAME_MAX} />
  );
}

/** A code from an authenticator app (numeric keyboard, one-time-code autofill; spaces are allowed). */
export function TotpCodeField({ label, hint }: { label: string; hint?: string }) {
  return (
    <Field
      name="code"
      label={label}
      hint={hint}
      autoComplete="one-time-code"
      inputMode="numeric"
      maxLength={12}
      required
      spellCheck={false}
    />
  );
}

/** One of the account's recovery codes (each works once). */
export function RecoveryCodeField({ label, hint }: { label: string; hint: string }) {
  return (
    <Field
      name="recoveryCode"
      label={label}
      hint={hint}
      autoComplete="off"
      maxLength={64}
      required
      spellCheck={false}
    />
  );
}
