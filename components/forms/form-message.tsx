import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";

type FormMessageProps = {
  tone?: "success" | "error" | "info";
  children: ReactNode;
  id?: string;
};

/** A page-level message (e.g. "your password was changed" after a redirect), announced politely (errors at once). */
export function FormMessage({ tone = "success", children, id }: FormMessageProps) {
  return (
    <Alert id={id} tone={tone} className={`alert ${tone}`}>
      {children}
    </Alert>
  );
}
