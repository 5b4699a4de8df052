import { forwardRef, type HTMLAttributes } from "react";
import { cn } from "./cn";

type DivProps = HTMLAttributes<HTMLDivElement>;

/** A card's surface and padding, for an element that must be something else (a form that is a card). */
export const CARD_PANEL = "mb-6 rounded-card border border-border bg-card p-6 text-foreground shadow-sm";

/** A bordered surface; compose with CardHeader, CardTitle, CardDescription, CardContent, CardFooter. */
export const Card = forwardRef<HTMLDivElement, DivProps>(function Card({ className, ...props }, ref) {
  return (
    <div
      ref={ref}
      className={cn("rounded-card border border-border bg-card text-foreground shadow-sm", className)}
      {...props}
    />
  );
});

/**
 * A page section on a card: a <section> named by its first heading (pass aria-labelledby), with
 * the card's padding. `tone="danger"` marks irreversible actions (delete, disable).
 */
export function CardSection({ className, tone, ...props }: HTMLAttributes<HTMLElement> & { tone?: "danger" }) {
  return (
    <section
      className={cn(
        "mb-6 rounded-card border bg-card p-6 text-foreground shadow-sm [&>h2:first-child]:mt-0",
        tone === "danger" ? "border-danger" : "border-border",
        className,
      )}
      {...props}
    />
  );
}

export const CardHeader = forwardRef<HTMLDivElement, DivProps>(function CardHeader({ className, ...props }, ref) {
  return <div ref={ref} className={cn("flex flex-col gap-1.5 p-6 pb-0", className)} {...props} />;
});

/** The card's heading; `as` picks the level so the page outline stays right (h2 by default). */
export function CardTitle({
  className,
  as: Heading = "h2",
  ...props
}: HTMLAttributes<HTMLHeadingElement> & { as?: "h1" | "h2" | "h3" }) {
  return <Heading className={cn("m-0 text-xl leading-tight font-semibold", className)} {...props} />;
}

export function CardDescription({ className, ...props }: HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn("m-0 text-sm text-muted-foreground", className)} {...props} />;
}

export const CardContent = forwardRef<HTMLDivElement, DivProps>(function CardContent({ className, ...props }, ref) {
  return <div ref={ref} className={cn("p-6", className)} {...props} />;
});

export const CardFooter = forwardRef<HTMLDivElement, DivProps>(function CardFooter({ className, ...props }, ref) {
  return <div ref={ref} className={cn("flex flex-wrap items-center gap-3 p-6 pt-0", className)} {...props} />;
});
