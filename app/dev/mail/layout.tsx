import "server-only";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

/** The development mailbox exists only outside production. */
export default function DevMailLayout({ children }: { children: ReactNode }) {
  if (config.isProduction) notFound();
  return children;
}
