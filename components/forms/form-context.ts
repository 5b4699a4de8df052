"use client";

import { createContext, useContext } from "react";
import { idleState, type FormState } from "./form-state";

type FormContextValue = {
  formId: string;
  state: FormState;
  /**
   * The first field the last submission rejected: it gets `autofocus`, for pages rendered after a
   * no-JavaScript post.
   */
  firstInvalid?: string;
  /**
   * True while a pointer is pressing one of the form's submit buttons. A field left for that press
   * is not checked on blur: the error would push the button away under the pointer and the click
   * would be lost; the submission's answer says the same a moment later.
   */
  pressingSubmit?: () => boolean;
};

export const FormContext = createContext<FormContextValue>({ formId: "form", state: idleState });

export function useFormContext(): FormContextValue {
  return useContext(FormContext);
}

/** The id of a field's input, shared by the Field and the error summary's links. */
export function fieldId(formId: string, name: string): string {
  return `${formId}-${name}`;
}
