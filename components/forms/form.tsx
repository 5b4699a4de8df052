"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { FormContext, fieldId } from "./form-context";
import type { FormState } from "./form-state";

type FormProps = {
  /** Unique on the page: prefixes every field id. */
  id: string;
  action: (formData: FormData) => void;
  state: FormState;
  /** The fields rendered in this form, name → label, in order: the summary links their errors to them. */
  fields?: Readonly<Record<string, string>>;
  /** The id of the heading that names the form. */
  labelledBy?: string;
  /** Show the success message inside the form (forms that stay on the page after success). */
  showSuccess?: boolean;
  className?: string;
  children: ReactNode;
};

/**
 * A server-action form that works without JavaScript, with an error summary (role="alert",
 * scoped to this form) and a success status region. After a failed submission focus moves to
 * the first invalid field, or to the summary when the error is about the whole form.
 */
export function Form({
  id,
  action,
  state,
  fields = {},
  labelledBy,
  showSuccess = true,
  className,
  children,
}: FormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const pressing = useRef(false);
  const summaryId = `${id}-summary`;
  const failed = state.status === "error";
  const fieldErrors = failed ? (state.fieldErrors ?? {}) : {};
  const listed = Object.keys(fields).filter((name) => fieldErrors[name]?.length);
  const unlisted = Object.entries(fieldErrors)
    .filter(([name, messages]) => !(name in fields) && messages?.length)
    .flatMap(([, messages]) => messages ?? []);

  useEffect(() => {
    if (state.status !== "error") return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? summaryRef.current)?.focus();
  }, [state]);

  return (
    <form
      ref={formRef}
      id={id}
      action={action}
      noValidate
      aria-labelledby={labelledBy}
      aria-describedby={failed ? summaryId : undefined}
      className={className}
      onPointerDownCapture={(event) => {
        pressing.current = event.target instanceof Element && event.target.closest('[type="submit"]') !== null;
      }}
      onPointerUpCapture={() => setTimeout(() => (pressing.current = false))}
      onPointerCancelCapture={() => (pressing.current = false)}
    >
      <div
        id={summaryId}
        ref={summaryRef}
        role="alert"
        tabIndex={-1}
        className={failed ? "alert error" : "live-region"}
        // Without JavaScript the page is rendered anew after a post: autofocus does what the effect does.
        autoFocus={failed && listed.length === 0}
      >
        {failed ? (
          <>
            <p className="summary-title">{state.message}</p>
            {listed.length + unlisted.length > 0 ? (
              <ul>
                {listed.map((name) =>
                  (fieldErrors[name] ?? []).map((message) => (
                    <li key={`${name}:${message}`}>
                      <a href={`#${fieldId(id, name)}`}>
                        {fields[name]}: {message}
                      </a>
                    </li>
                  )),
                )}
                {unlisted.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
            {state.help ? (
              <p>
                <a href={state.help.href}>{state.help.label}</a>
              </p>
            ) : null}
          </>
        ) : null}
      </div>
      <div role="status" className={showSuccess && state.status === "success" ? "alert success" : "live-region"}>
        {showSuccess && state.status === "success" ? state.message : null}
      </div>
      <FormContext.Provider
        value={{ formId: id, state, firstInvalid: listed[0], pressingSubmit: () => pressing.current }}
      >
        <PendingFieldset>{children}</PendingFieldset>
      </FormContext.Provider>
    </form>
  );
}

/**
 * Every field and button of the form, disabled while its submission is pending (no second post, no
 * edits that would not be sent). React has read the FormData before `pending` turns true, so
 * disabling the controls (which leaves them out of a FormData) loses nothing. No box of its own.
 */
function PendingFieldset({ children }: { children: ReactNode }) {
  const { pending } = useFormStatus();
  return (
    <fieldset disabled={pending} aria-busy={pending || undefined} className="contents">
      {children}
    </fieldset>
  );
}
