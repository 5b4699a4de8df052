import type { NextConfig } from "next";
import { PROXYLESS_PATHS } from "./lib/http/proxyless-paths";
import { nonPageSecurityHeaders } from "./lib/http/security-headers";

// proxy.ts sets the security headers on everything except the build's static assets, which it
// skips for speed; these get the fixed headers of every response that is not a page here (HSTS
// comes from server.ts, which knows whether it serves https).
const staticAssetHeaders = Object.entries(nonPageSecurityHeaders(false)).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // This folder, said outright: the peers benchmark's app (bench/peers/) has a lockfile of its own.
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
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
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico", ...PROXYLESS_PATHS].map((source) => ({
      source,
      headers: staticAssetHeaders,
    }));
  },
};

export default nextConfig;
