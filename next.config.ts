import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

// proxy.ts sets the security headers (with a per-response CSP nonce) on everything except the
// build's static assets, which it skips for speed; these get the same fixed headers here.
const staticAssetHeaders = Object.entries({
  ...STATIC_SECURITY_HEADERS,
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Lets parallel e2e suites build side by side (see e2e/support/env.ts).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  // Server-side packages with native or worker-thread code stay out of the bundle.
  serverExternalPackages: ["pino", "bcryptjs", "piscina", "ioredis", "amqplib", "bullmq", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
  // The /account photo form posts the file to a server action: a 5 MB photo plus the form around it.
  experimental: { serverActions: { bodySizeLimit: "6mb" } },
  // `npm test` type-checks the whole project (tsc --noEmit); doing it again in every build only costs time.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico"].map((source) => ({
      source,
      headers: staticAssetHeaders,
    }));
  },
};

export default nextConfig;
