import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { BrandLogo } from "./brand-logo";

/** Links inside running text are underlined: colour alone does not tell them apart (WCAG 1.4.1). */
const LINKS = "[&_a]:font-medium [&_a]:underline [&_a]:underline-offset-4 [&_a:hover]:no-underline";

type AuthCardProps = {
  /** The page heading's id: forms name themselves after it (aria-labelledby). */
  titleId: string;
  title: ReactNode;
  /** One or two sentences under the heading. */
  description?: ReactNode;
  /** Secondary links under the card's content, e.g. "New here? Create an account". */
  footer?: ReactNode;
  /** Above the card, outside it (e.g. a notice after a redirect). */
  before?: ReactNode;
  children?: ReactNode;
  className?: string;
};

/**
 * The frame of every sign-in, registration and recovery page: one centred card with the logo
 * above the page's <h1>, the page's content, and its secondary links in the footer. It renders the
 * page's single <main> landmark. Server-rendered, no JavaScript needed.
 */
export function AuthCard({ titleId, title, description, footer, before, children, className }: AuthCardProps) {
  return (
    <main className="mx-auto flex w-full max-w-[27rem] flex-col gap-4 px-4 pt-8 pb-16 sm:pt-14">
      {before}
      <Card className={cn("shadow-md", className)}>
        <CardHeader className="items-center gap-3 px-6 pt-8 text-center sm:px-8">
          <BrandLogo />
          <CardTitle as="h1" id={titleId} className="text-2xl font-bold tracking-tight">
            {title}
          </CardTitle>
          {description ? <CardDescription className={cn("text-balance", LINKS)}>{description}</CardDescription> : null}
        </CardHeader>
        {/* The cards' own gap spaces the parts; the older alert style's bottom margin would add to it. */}
        <CardContent className="flex flex-col gap-5 px-6 pt-6 pb-8 sm:px-8 [&>.alert]:mb-0">{children}</CardContent>
        {footer ? (
          <CardFooter
            className={cn(
              "justify-center gap-x-4 gap-y-2 rounded-b-card border-t border-border bg-muted/40 px-6 py-4 text-center text-sm text-muted-foreground [&_p]:m-0",
              LINKS,
            )}
          >
            {footer}
          </CardFooter>
        ) : null}
      </Card>
    </main>
  );
}
