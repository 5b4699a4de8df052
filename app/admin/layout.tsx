import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: { default: "Admin · Authcore", template: "%s · Admin · Authcore" } };

// Never cached: every page reads the caller's access for the request it answers.
export const dynamic = "force-dynamic";

/**
 * The admin console. This layout checks nothing and shows nothing that depends on access: Next
 * keeps a layout across client-side navigations, so the console's navigation is rendered by each
 * page (AdminFrame), from the access that page read, and each page and action guards itself.
 */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
