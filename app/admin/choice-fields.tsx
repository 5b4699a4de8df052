"use client";

import { fieldId, useFormContext } from "@/components/forms/form-context";

/** The errors the last submission gave `name`, and the ids that tie them to the control. */
function useFieldErrors(name: string) {
  const { formId, state, firstInvalid } = useFormContext();
  const id = fieldId(formId, name);
  const errors = state.status === "error" ? (state.fieldErrors?.[name] ?? []) : [];
  return {
    id,
    errors,
    errorId: errors.length > 0 ? `${id}-error` : undefined,
    state,
    autoFocus: firstInvalid === name,
  };
}

function FieldError({ id, errors }: { id?: string; errors: string[] }) {
  return id ? (
    <p id={id} className="field-error">
      {errors.join(" ")}
    </p>
  ) : null;
}

export type Choice = { value: string; label: string; disabled?: boolean };

/** A labelled select, with its hint and errors tied to it like the form kit's text fields. */
export function SelectField({
  name,
  label,
  choices,
  defaultValue,
  hint,
}: {
  name: string;
  label: string;
  choices: readonly Choice[];
  defaultValue?: string;
  hint?: string;
}) {
  const { id, errors, errorId, state, autoFocus } = useFieldErrors(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const value = state.values?.[name] ?? defaultValue;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        // Keyed by the value so that a new default (after a save) is shown, not the stale choice.
        key={value}
        defaultValue={value}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        autoFocus={autoFocus}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} disabled={choice.disabled}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

/**
 * A group of checkboxes submitted under one name (a fieldset with a legend). After a failed
 * submission the boxes show what was submitted (`values[name]`, comma-separated), otherwise
 * `checked`. Disabled boxes are shown for context and are never submitted.
 */
export function CheckboxGroup({
  name,
  legend,
  choices,
  checked,
  hint,
}: {
  name: string;
  legend: string;
  choices: readonly Choice[];
  checked: readonly string[];
  hint?: string;
}) {
  const { id, errors, errorId, state, autoFocus } = useFieldErrors(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const submitted = state.status === "error" ? state.values?.[name] : undefined;
  const selected = new Set(submitted === undefined ? checked : submitted.split(",").filter(Boolean));
  const firstEnabled = choices.findIndex((choice) => !choice.disabled);
  return (
    <fieldset className="field choices" aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {choices.map((choice, index) => {
        // The first usable box carries the group's id: the error summary's link lands on it.
        const boxId = index === firstEnabled ? id : `${id}-${index}`;
        return (
          <label key={choice.value} htmlFor={boxId} className="choice">
            <input
              id={boxId}
              type="checkbox"
              name={name}
              value={choice.value}
              key={`${choice.value}:${selected.has(choice.value)}`}
              defaultChecked={selected.has(choice.value)}
              disabled={choice.disabled}
              aria-invalid={(index === firstEnabled && errors.length > 0) || undefined}
              autoFocus={index === firstEnabled && autoFocus}
            />
            {choice.label}
          </label>
        );
      })}
      <FieldError id={errorId} errors={errors} />
    </fieldset>
  );
}

/** A confirmation box for a destructive step ("Yes, delete …"): the action refuses without it. */
export function ConfirmCheckbox({ name, label }: { name: string; label: string }) {
  const { id, errors, errorId, autoFocus } = useFieldErrors(name);
  return (
    <div className="field">
      <label htmlFor={id} className="choice">
        <input
          id={id}
          type="checkbox"
          name={name}
          value="yes"
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errorId}
          autoFocus={autoFocus}
        />
        {label}
      </label>
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
