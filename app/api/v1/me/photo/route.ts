import { authenticate, requestMeta, withRenewal } from "@/lib/auth/session";
import { route } from "@/lib/http";
import { readPhotoUpload, removePhoto, replacePhoto } from "@/lib/photos";

export const dynamic = "force-dynamic";

/** multipart/form-data: `photo` (JPEG, PNG or WebP, at most 5 MB) and optionally cropX, cropY, cropSize. */
export const PUT = route(async (request) => {
  const session = await authenticate(request);
  const { file, crop } = await readPhotoUpload(request);
  const result = await replacePhoto(session.userId, file, crop, requestMeta(request.headers));
  return withRenewal(Response.json(result, { headers: { "cache-control": "no-store" } }), session);
});

export const DELETE = route(async (request) => {
  const session = await authenticate(request);
  await removePhoto(session.userId, requestMeta(request.headers));
  return withRenewal(new Response(null, { status: 204, headers: { "cache-control": "no-store" } }), session);
});
