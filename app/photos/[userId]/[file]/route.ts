import { photoResponse } from "@/lib/photos/serve";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ userId: string; file: string }> };

/** A profile photo, by user and content hash: public, cached for a year, 404 once replaced. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { userId, file } = await params;
  return photoResponse(request, userId, file);
}
