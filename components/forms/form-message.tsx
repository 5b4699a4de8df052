import type { ReactNode } from "react";

type FormMessageProps = {
  tone?: "success" | "error" | "info";
  children: ReactNode;
  id?: string;
};

/** A page-level message (e.g. "your password was changed" after a redirect), announced politely. */
export function FormMessage({ tone = "success", children, id }: FormMessageProps) {
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={`alert ${tone}`}>
      {children}
    </div>
  );
}
