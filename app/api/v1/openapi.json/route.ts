import { buildOpenApiDocument } from "@/lib/validation/openapi";

const document = buildOpenApiDocument();

export function GET() {
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
}
