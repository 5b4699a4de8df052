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
};

export const FormContext = createContext<FormContextValue>({ formId: "form", state: idleState });

export function useFormContext(): FormContextValue {
  return useContext(FormContext);
}

/** The id of a field's input, shared by the Field and the error summary's links. */
export function fieldId(formId: string, name: string): string {
  return `${formId}-${name}`;
}
