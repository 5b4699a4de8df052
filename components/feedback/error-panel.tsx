"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader } from "@/components/ui/card";

type ErrorPanelProps = { reset: () => void; digest?: string };

/**
 * What a page shows when a request failed outside the form's own error handling (the server
 * refused it with 429 or 403, the connection dropped, a bug). Focus moves to the message so it
 * is read out; "Try again" re-renders the page.
 */
export function ErrorPanel({ reset, digest }: ErrorPanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <main className="mx-auto w-full max-w-xl px-4 py-12">
      <Card>
        <CardHeader>
          <h1
            ref={headingRef}
            tabIndex={-1}
            className="m-0 text-2xl font-bold focus-visible:outline-2 focus-visible:outline-ring"
          >
            We could not complete that request
          </h1>
        </CardHeader>
        <CardContent>
          <Alert tone="error">
            <p>
              Something went wrong while talking to the server. If you submitted several times in a row, wait a minute
              before trying again.
            </p>
            {digest ? <p className="text-muted-foreground">Reference: {digest}</p> : null}
          </Alert>
        </CardContent>
        <CardFooter>
          <Button onClick={reset}>Try again</Button>
          <Button asChild variant="secondary">
            <Link href="/">Go to the home page</Link>
          </Button>
        </CardFooter>
      </Card>
    </main>
  );
}
