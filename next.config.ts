import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Lets parallel e2e suites build side by side (see e2e/support/env.ts).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  // Server-side packages with native or worker-thread code stay out of the bundle.
  serverExternalPackages: ["pino", "bcryptjs", "ioredis", "amqplib", "bullmq", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
  // `npm test` type-checks the whole project (tsc --noEmit); doing it again in every build only costs time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
