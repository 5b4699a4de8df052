"use client";

import "./globals.css";

/**
 * When the root layout itself fails: this replaces it, so it brings its own <html> and <body>
 * (the theme follows the system here: the layout that reads the visitor's choice is what failed).
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-background text-foreground">
        <title>Something went wrong</title>
        <main className="mx-auto w-full max-w-xl px-4 py-12">
          <div className="rounded-card border border-border bg-card p-6">
            <h1 className="mt-0 text-2xl font-bold">Something went wrong</h1>
            <p role="alert">
              The page could not be shown. Try again in a moment; if it keeps happening, tell the people who run this
              service.
            </p>
            {error.digest ? <p className="text-sm text-muted-foreground">Reference: {error.digest}</p> : null}
            <div className="flex flex-wrap gap-3">
              <button
                type="button"
                onClick={reset}
                className="h-10 rounded-md border border-primary bg-primary px-4 font-medium text-primary-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
              >
                Try again
              </button>
              {/* A full page load: the client router may be what broke. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/" className="inline-flex h-10 items-center px-2 font-medium text-primary">
                Go to the home page
              </a>
            </div>
          </div>
        </main>
      </body>
    </html>
  );
}
