import { forwardRef, type LabelHTMLAttributes } from "react";
import { cn } from "./cn";

/** A form label (a native <label>: clicking it focuses its control without JavaScript). */
export const Label = forwardRef<HTMLLabelElement, LabelHTMLAttributes<HTMLLabelElement>>(function Label(
  { className, ...props },
  ref,
) {
  return <label ref={ref} className={cn("text-sm font-semibold text-foreground", className)} {...props} />;
});
