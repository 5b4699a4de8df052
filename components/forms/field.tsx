"use client";

import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type FocusEvent,
  type FormEvent,
  type HTMLInputAutoCompleteAttribute,
  type HTMLInputTypeAttribute,
  type ReactNode,
} from "react";
import type { ZodType } from "zod";
import { Label } from "@/components/ui/label";
import { inputClassName } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import {
  EmailSchema,
  NAME_MAX,
  NameSchema,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PasswordSchema,
  USERNAME_MAX,
  USERNAME_MIN,
  UsernameSchema,
} from "@/lib/validation/fields";
import { fieldErrorsFor, shouldCheck } from "./field-validation";
import { fieldId, useFormContext } from "./form-context";
import type { FormState } from "./form-state";
import { loadPasswordChecker } from "./load-password-checker";
import { assessPassword, type PasswordChecker, type PasswordContext } from "./password-strength";
import { PasswordStrength } from "./password-strength-meter";

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
  /**
   * The zod schema the server validates this field with (from lib/validation, client-safe):
   * checked in the browser when the field is left and, once it shows an error, as it is typed.
   */
  schema?: ZodType;
  /** Called with the value on every keystroke and on focus (e.g. a password's strength meter). */
  onValue?: (value: string, input: HTMLInputElement) => void;
  /** Under the input and its error (e.g. the strength meter). */
  children?: ReactNode;
};

/** The browser's verdict on a field, valid only for the form state it was made under. */
type LocalCheck = { state: FormState; errors: string[] };

/**
 * A labelled input whose hint and errors are tied to it with aria-describedby, marked
 * aria-invalid when the last submission rejected it, or when the browser's check of its `schema`
 * fails (on leaving the field; then as it is typed, so the error goes once fixed). A new
 * submission's answer replaces the browser's verdict: the server has the last word. It shows the
 * submitted value again, except for passwords, which are never sent back to the page (and get a
 * show/hide toggle). After a rejected submission the cursor goes to the first field that needs
 * fixing, else to the field marked `autoFocus`.
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
  schema,
  onValue,
  children,
  ...input
}: FieldProps) {
  const { formId, state, firstInvalid, pressingSubmit } = useFormContext();
  const id = fieldId(formId, name);
  const serverErrors = state.status === "error" ? (state.fieldErrors?.[name] ?? []) : [];
  const [local, setLocal] = useState<LocalCheck | null>(null);
  const edited = useRef(false);
  // The browser's verdict counts only until the next answer from the server.
  const errors = local && local.state === state ? local.errors : serverErrors;
  const invalid = errors.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  const value = type === "password" ? undefined : (state.values?.[name] ?? defaultValue);
  const focus = firstInvalid ? firstInvalid === name : autoFocus;

  useEffect(() => {
    edited.current = false;
  }, [state]);

  function check(event: "blur" | "input", target: HTMLInputElement) {
    if (!schema || !shouldCheck(event, { edited: edited.current, showingError: invalid })) return;
    setLocal({ state, errors: fieldErrorsFor(schema, target.value) });
  }
  const handlers = {
    onBlur: (event: FocusEvent<HTMLInputElement>) => {
      if (pressingSubmit?.() || isSubmitOf(event.relatedTarget, event.currentTarget.form)) return;
      check("blur", event.currentTarget);
    },
    onInput: (event: FormEvent<HTMLInputElement>) => {
      edited.current = true;
      check("input", event.currentTarget);
      onValue?.(event.currentTarget.value, event.currentTarget);
    },
    onFocus: onValue
      ? (event: FocusEvent<HTMLInputElement>) => onValue(event.currentTarget.value, event.currentTarget)
      : undefined,
  };

  return (
    <div className="field gap-1.5">
      <div className="field-label">
        <Label htmlFor={id}>
          {label}
          {required ? null : <span className="optional font-normal text-muted-foreground"> (optional)</span>}
        </Label>
        {labelAside}
      </div>
      {hint ? (
        <p id={hintId} className="hint m-0 text-sm text-muted-foreground">
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
          {...handlers}
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
          className={inputClassName}
          {...handlers}
          {...input}
        />
      )}
      {invalid ? (
        <p id={errorId} className="field-error m-0 flex items-start gap-1.5 text-sm text-danger">
          <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" className="mt-0.5 size-4 shrink-0">
            <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M8 4.75v3.75" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            <circle cx="8" cy="11" r="0.9" fill="currentColor" />
          </svg>
          <span>{errors.join(" ")}</span>
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** Whether focus went to a submit button of the same form (the field is being left to send the form). */
function isSubmitOf(target: EventTarget | null, form: HTMLFormElement | null): boolean {
  return (
    (target instanceof HTMLButtonElement || target instanceof HTMLInputElement) &&
    target.type === "submit" &&
    form !== null &&
    target.form === form
  );
}

const subscribeNever = () => () => {};
/** False in the server's HTML (and without JavaScript), true once the page runs in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

/** The username and email typed in (or carried by) the same form, for the "not your username or email" rule. */
function contextFromForm(form: HTMLFormElement | null, own: string): PasswordContext {
  const read = (name: string) => {
    if (!form || name === own) return undefined;
    const element = form.elements.namedItem(name);
    return element instanceof HTMLInputElement && element.value ? element.value : undefined;
  };
  return { username: read("username"), email: read("email") };
}

/**
 * A field for choosing a password, with the policy stated once for every form that asks for one
 * (the hint, also without JavaScript), and in the browser a strength meter and the server's rules
 * as a checklist. zxcvbn and the dictionaries are fetched on first focus or keystroke, not with the
 * page. `userInputs`: the person's username/email when the form does not have them as fields
 * (the form's own `username` and `email` inputs are read by themselves).
 */
export function NewPasswordField({
  name,
  label,
  userInputs,
}: {
  name: string;
  label: string;
  userInputs?: PasswordContext;
}) {
  const hydrated = useHydrated();
  const { formId, state } = useFormContext();
  // What is typed, for the current form state: after a submission React empties the field (passwords
  // are never sent back), so the meter starts again too.
  const [typed, setTyped] = useState<{ state: FormState; value: string }>({ state, value: "" });
  const password = typed.state === state ? typed.value : "";
  const [formContext, setFormContext] = useState<PasswordContext>({});
  const [checker, setChecker] = useState<PasswordChecker | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);

  const onValue = useCallback(
    (value: string, input: HTMLInputElement) => {
      inputRef.current = input;
      setTyped({ state, value });
      setFormContext(contextFromForm(input.form, name));
      if (!checker) {
        loadPasswordChecker().then(
          (loaded) => setChecker(() => loaded),
          () => undefined, // The meter stays at "Checking…"; the server checks the password anyway.
        );
      }
    },
    [checker, name, state],
  );

  // The username or email may change after the password was typed: the checklist follows.
  useEffect(() => {
    const form = inputRef.current?.form ?? document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const follow = () => setFormContext(contextFromForm(form, name));
    form.addEventListener("input", follow);
    return () => form.removeEventListener("input", follow);
  }, [formId, name]);

  const context: PasswordContext = {
    username: userInputs?.username || formContext.username,
    email: userInputs?.email || formContext.email,
  };
  const assessment = assessPassword(password, context, checker);

  return (
    <Field
      name={name}
      label={label}
      type="password"
      autoComplete="new-password"
      hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters. Avoid common passwords and your username or email.`}
      required
      schema={PasswordSchema}
      onValue={onValue}
    >
      {hydrated ? <PasswordStrength id={`${fieldId(formId, name)}-strength`} assessment={assessment} /> : null}
    </Field>
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
      schema={EmailSchema}
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
      schema={UsernameSchema}
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
    <Field
      name={name}
      label={label}
      autoComplete={`${part}-name`}
      defaultValue={defaultValue}
      maxLength={NAME_MAX}
      schema={NameSchema}
    />
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
