import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteNav } from "@/components/layout/site-nav";
import { StyleNonce } from "@/components/ui/style-nonce";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Authcore", template: "%s · Authcore" },
  description: "Self-hosted authentication and authorization.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce the proxy made for this response (proxy.ts).
  const nonce = (await headers()).get("x-nonce");
  return (
    <html lang="en">
      <body>
        <StyleNonce nonce={nonce} />
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
