import { forwardRef, type InputHTMLAttributes } from "react";
import { cn } from "./cn";

export const inputClassName =
  "block h-10 w-full min-w-0 rounded-md border border-input bg-card px-3 text-base text-foreground " +
  "placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring " +
  "aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60";

/** A text input; give it a <Label htmlFor> (or aria-label) for its accessible name. */
export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, type = "text", ...props },
  ref,
) {
  return <input ref={ref} type={type} className={cn(inputClassName, className)} {...props} />;
});
