import { mayReadReadinessDetails } from "@/lib/health/access";
import { checkReadiness } from "@/lib/health/checks";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { ready, checks } = await checkReadiness();
  const status = ready ? "ok" : "unavailable";
  return Response.json(mayReadReadinessDetails(request.headers) ? { status, checks } : { status }, {
    status: ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
