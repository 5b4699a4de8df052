import { publicJwks } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Public encryption keys (use "enc") that clients encrypt sensitive request bodies to. */
export function GET() {
  return Response.json(publicJwks(), { headers: { "cache-control": "public, max-age=300" } });
}
