import type { ReactNode } from "react";
import { CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/** One section of an account page: a card named by its heading (`titleId`), optionally with a line under the title. */
export function AccountSection({
  titleId,
  title,
  description,
  id,
  className,
  children,
}: {
  titleId: string;
  title: ReactNode;
  description?: ReactNode;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      aria-labelledby={titleId}
      className={cn("mb-6 rounded-card border border-border bg-card p-4 text-foreground shadow-sm sm:p-6", className)}
    >
      <div className="mb-4 flex flex-col gap-1">
        <CardTitle id={titleId}>{title}</CardTitle>
        {description ? <p className="m-0 text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}
