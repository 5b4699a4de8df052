"use client";

import { ErrorPanel } from "@/components/feedback/error-panel";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel reset={reset} digest={error.digest} />;
}
