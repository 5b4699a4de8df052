"use client";

import { useActionState, useState } from "react";
import { Form } from "@/components/forms/form";
import { fieldId, useFormContext } from "@/components/forms/form-context";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { removePhotoAction, updatePhotoAction } from "./photo-actions";
import { PhotoCropper } from "./photo-cropper";

const FIELDS = { photo: "Photo" } as const;
const MAX_BYTES = 5 * 1024 * 1024;

/** The file input; once a file is chosen (with JavaScript), the cropper below it. */
function PhotoField() {
  const { formId, state, firstInvalid } = useFormContext();
  // React resets the form after every submission: a file chosen before the last answer is gone.
  const [chosen, setChosen] = useState<{ file: File; answer: typeof state } | null>(null);
  const file = chosen?.answer === state ? chosen.file : null;
  const id = fieldId(formId, "photo");
  const serverErrors = state.status === "error" ? (state.fieldErrors?.photo ?? []) : [];
  const tooLarge = file !== null && file.size > MAX_BYTES;
  const errors = tooLarge ? ["The photo must not exceed 5 MB."] : serverErrors;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;

  return (
    <div className="field">
      <label htmlFor={id}>{FIELDS.photo}</label>
      <p id={`${id}-hint`} className="hint">
        JPEG, PNG or WebP, at most 5 MB. It is cropped to a square and shown at 256 × 256 pixels.
      </p>
      <input
        id={id}
        name="photo"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        required
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={[errorId, `${id}-hint`].filter(Boolean).join(" ")}
        autoFocus={firstInvalid === "photo"}
        onChange={(event) => {
          const next = event.currentTarget.files?.[0];
          setChosen(next ? { file: next, answer: state } : null);
        }}
      />
      {errorId ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
      {file && !tooLarge ? <PhotoCropper key={`${file.name}:${file.size}:${file.lastModified}`} file={file} /> : null}
    </div>
  );
}

export function PhotoForm({ hasPhoto }: { hasPhoto: boolean }) {
  const [state, action] = useActionState(updatePhotoAction, idleState);
  return (
    <Form id="photo" action={action} state={state} fields={FIELDS} labelledBy="photo-title">
      <PhotoField />
      <div className="actions">
        <SubmitButton pendingLabel="Uploading…">{hasPhoto ? "Replace photo" : "Upload photo"}</SubmitButton>
      </div>
    </Form>
  );
}

/**
 * Always rendered, so that "removed" still shows once there is no photo left to remove. Unnamed:
 * a second form named "Profile photo" beside the upload form would be two landmarks of one name.
 */
export function RemovePhotoForm({ hasPhoto }: { hasPhoto: boolean }) {
  const [state, action] = useActionState(removePhotoAction, idleState);
  return (
    <Form id="photo-remove" action={action} state={state}>
      {hasPhoto ? (
        <div className="actions">
          <SubmitButton variant="secondary" pendingLabel="Removing…">
            Remove photo
          </SubmitButton>
        </div>
      ) : null}
    </Form>
  );
}
