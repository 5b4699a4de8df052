import { readDocsAsset } from "@/lib/api-docs/assets";
import { problemResponse } from "@/lib/http/problem";

// Swagger UI's files and our script that starts it, from our own origin (the CSP allows nothing else).
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const asset = await readDocsAsset((await params).file, new URL(request.url).searchParams.get("v"));
  if (!asset) return problemResponse("not_found", "No such documentation asset.");
  return new Response(asset.body, { headers: asset.headers });
}
