import { Slot } from "@radix-ui/react-slot";
import { cva, type VariantProps } from "class-variance-authority";
import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md border font-medium no-underline transition-colors " +
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring " +
    "disabled:cursor-not-allowed disabled:opacity-60 aria-busy:cursor-progress",
  {
    variants: {
      variant: {
        primary: "border-primary bg-primary text-primary-foreground hover:brightness-110",
        secondary: "border-border bg-card text-foreground hover:bg-muted",
        ghost: "border-transparent bg-transparent text-foreground hover:bg-muted",
        danger: "border-danger bg-danger text-danger-foreground hover:brightness-110",
        link: "h-auto border-transparent bg-transparent p-0 text-primary underline underline-offset-4 hover:no-underline",
      },
      size: {
        sm: "h-8 px-3 text-sm",
        md: "h-10 px-4 text-base",
        lg: "h-12 px-6 text-lg",
        icon: "size-9 p-0",
      },
    },
    compoundVariants: [{ variant: "link", className: "h-auto px-0" }],
    defaultVariants: { variant: "primary", size: "md" },
  },
);

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> &
  VariantProps<typeof buttonVariants> & {
    /** Renders the single child (e.g. a Link) with the button's look instead of a <button>. */
    asChild?: boolean;
    /** While true the button is disabled, marked aria-busy and shows `pendingLabel` if given. */
    pending?: boolean;
    pendingLabel?: string;
  };

/** The one button: variants primary, secondary, ghost, danger and link; sizes sm, md, lg, icon. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { className, variant, size, asChild = false, pending = false, pendingLabel, disabled, children, type, ...props },
  ref,
) {
  if (asChild) {
    return (
      <Slot ref={ref} className={cn(buttonVariants({ variant, size }), className)} {...props}>
        {children}
      </Slot>
    );
  }
  return (
    <button
      ref={ref}
      // A button inside a form submits unless told otherwise; default to the harmless kind.
      type={type ?? "button"}
      className={cn(buttonVariants({ variant, size }), className)}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...props}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
});
