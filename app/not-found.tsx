import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Page not found" };

/** Any URL no page answers (and pages that call notFound()), inside the site's header and footer. */
export default function NotFound() {
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-12">
      <Card>
        <CardHeader>
          <p className="m-0 text-sm font-semibold text-muted-foreground">Error 404</p>
          <CardTitle as="h1" className="text-2xl">
            Page not found
          </CardTitle>
          <CardDescription>There is no page at this address. The link may be old or mistyped.</CardDescription>
        </CardHeader>
        <CardContent className="text-sm">
          If you followed a link from an email, it may have been used or expired: ask for a new one from the page that
          sent it.
        </CardContent>
        <CardFooter>
          <Button asChild>
            <Link href="/">Go to the home page</Link>
          </Button>
        </CardFooter>
      </Card>
    </main>
  );
}
