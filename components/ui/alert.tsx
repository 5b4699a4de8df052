import { cva, type VariantProps } from "class-variance-authority";
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

const alertVariants = cva("rounded-md border px-4 py-3 text-sm [&_p]:m-0 [&_p+p]:mt-2", {
  variants: {
    tone: {
      info: "border-info bg-info-soft text-foreground",
      success: "border-success bg-success-soft text-foreground",
      warning: "border-warning bg-warning-soft text-foreground",
      error: "border-danger bg-danger-soft text-foreground",
    },
  },
  defaultVariants: { tone: "info" },
});

export type AlertProps = HTMLAttributes<HTMLDivElement> &
  VariantProps<typeof alertVariants> & {
    title?: ReactNode;
    /** Override the live-region role; by default errors interrupt (alert), the rest wait (status). */
    role?: "alert" | "status" | "none";
  };

/**
 * A message box. Errors are `role="alert"` (read out at once), the other tones `role="status"`
 * (read out politely); pass role="none" for a message present from page load that needs no announcement.
 */
export function Alert({ tone = "info", title, role, className, children, ...props }: AlertProps) {
  const liveRole = role ?? (tone === "error" ? "alert" : "status");
  return (
    <div
      role={liveRole === "none" ? undefined : liveRole}
      data-tone={tone}
      className={cn(alertVariants({ tone }), className)}
      {...props}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children}
    </div>
  );
}
