import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteNav } from "@/components/layout/site-nav";
import { ThemeSwitch } from "@/components/layout/theme-switch";
import { StyleNonce } from "@/components/ui/style-nonce";
import { config } from "@/lib/config";
import { THEME_COOKIE, parseThemePreference, themeClass, themeStylesheetVersion } from "@/lib/theme";
import "./globals.css";

const { name: appName, color: brandColor, logoUrl } = config.brand;

export const metadata: Metadata = {
  title: { default: appName, template: `%s · ${appName}` },
  description: "Self-hosted authentication and authorization.",
};

/** The default logo: a key in a rounded square, in the brand colour. */
function BrandMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28" className="shrink-0 text-primary">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <circle cx="12" cy="16" r="4.5" fill="none" strokeWidth="2.5" className="stroke-primary-foreground" />
      <path d="M16.5 16H25m-3 0v3.5" fill="none" strokeWidth="2.5" className="stroke-primary-foreground" />
    </svg>
  );
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce the proxy made for this response (proxy.ts).
  const nonce = (await headers()).get("x-nonce");
  // The visitor's theme, rendered on <html> by the server: no flash of the other theme.
  const theme = parseThemePreference((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={themeClass(theme)}>
      <head>
        {/* The brand colour as CSS variables: a stylesheet of ours, so no inline style (decision 090). */}
        <link rel="stylesheet" href={`/theme.css?v=${themeStylesheetVersion(brandColor)}`} />
      </head>
      <body className="flex min-h-dvh flex-col bg-background text-foreground">
        <StyleNonce nonce={nonce} />
        <header className="border-b border-border bg-card">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
            <Link href="/" className="flex items-center gap-2 text-lg font-bold text-foreground no-underline">
              {logoUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- any configured URL, no image optimisation
                <img src={logoUrl} alt="" height={28} className="h-7 w-auto" />
              ) : (
                <BrandMark />
              )}
              <span>{appName}</span>
            </Link>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <SiteNav />
              <ThemeSwitch preference={theme} />
            </div>
          </div>
        </header>
        <div className="flex-1">{children}</div>
        <footer className="border-t border-border bg-card">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-4 text-sm text-muted-foreground sm:px-6">
            <p className="m-0">{appName}</p>
            <p className="m-0">Self-hosted sign-in and accounts</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
