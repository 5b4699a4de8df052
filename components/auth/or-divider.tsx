import { cn } from "@/components/ui/cn";

/** "or" between two ways to sign in, on a line; the lines are decoration, the word is read. */
export function OrDivider({ className }: { className?: string }) {
  return (
    <div className={cn("flex items-center gap-3", className)} data-divider="or">
      <span aria-hidden="true" className="h-px flex-1 bg-border" />
      <p className="m-0 text-sm text-muted-foreground">or</p>
      <span aria-hidden="true" className="h-px flex-1 bg-border" />
    </div>
  );
}
