"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

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
    <main>
      <h1 ref={headingRef} tabIndex={-1}>
        We could not complete that request
      </h1>
      <div role="alert" className="alert error">
        <p>
          Something went wrong while talking to the server. If you submitted several times in a row, wait a minute
          before trying again.
        </p>
        {digest ? <p className="hint">Reference: {digest}</p> : null}
      </div>
      <div className="actions">
        <button type="button" onClick={reset}>
          Try again
        </button>
        <Link href="/">Go to the home page</Link>
      </div>
    </main>
  );
}
