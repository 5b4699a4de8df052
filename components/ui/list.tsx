import type { HTMLAttributes, LiHTMLAttributes } from "react";
import { cn } from "./cn";

/**
 * A stacked list: one bordered box, one row per item, each row wrapping its parts on narrow
 * screens (what a table becomes on a phone: sessions, apps, accounts).
 */
export function StackedList({ className, ...props }: HTMLAttributes<HTMLUListElement>) {
  return (
    <ul
      className={cn("m-0 list-none divide-y divide-border rounded-card border border-border bg-card p-0", className)}
      {...props}
    />
  );
}

export function StackedListItem({ className, ...props }: LiHTMLAttributes<HTMLLIElement>) {
  return <li className={cn("flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3", className)} {...props} />;
}
