import type { NextConfig } from "next";

// Its own root: it sits inside our repository, whose lockfile Next would otherwise take for its root.
const root = import.meta.dirname;

const nextConfig: NextConfig = { turbopack: { root }, outputFileTracingRoot: root };

export default nextConfig;
