import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteNav } from "@/components/layout/site-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Authcore", template: "%s · Authcore" },
  description: "Self-hosted authentication and authorization.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site">
          <Link href="/" className="brand">
            Authcore
          </Link>
          <SiteNav />
        </header>
        {children}
      </body>
    </html>
  );
}
