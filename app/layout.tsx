import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
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
          <nav aria-label="Account">
            <Link href="/login">Sign in</Link>
            <Link href="/register">Create account</Link>
          </nav>
        </header>
        {children}
      </body>
    </html>
  );
}
