import { logger } from "../log";
import { PHOTO_HASH_LENGTH } from "./image";
import { isCurrentPhoto, photoStore } from "./photos";
import { photoKey } from "./store";

const FILE = new RegExp(`^([0-9a-f]{${PHOTO_HASH_LENGTH}})\\.webp$`);
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A photo's URL never changes content (its name is the content's hash): caches keep it a year. */
export const PHOTO_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "image/webp",
  "Cache-Control": "public, max-age=31536000, immutable",
  "X-Content-Type-Options": "nosniff",
  // Rendered as a document (opened directly), it may run nothing and load nothing.
  "Content-Security-Policy": "default-src 'none'; sandbox",
};

const notFound = () =>
  new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });

/**
 * GET /photos/<userId>/<hash>.webp: the user's current photo when `hash` names it, else 404 (a
 * replaced or removed photo's URL stops working at once, not only when the object is gone).
 */
export async function photoResponse(request: Request, userId: string, file: string): Promise<Response> {
  const hash = FILE.exec(file)?.[1];
  if (!hash || !USER_ID.test(userId)) return notFound();
  const etag = `"${hash}"`;
  try {
    if (!(await isCurrentPhoto(userId, hash))) return notFound();
    if (request.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers: { ...PHOTO_HEADERS, ETag: etag } });
    }
    const bytes = await photoStore().get(photoKey(userId, hash));
    if (!bytes) return notFound();
    return new Response(new Uint8Array(bytes), {
      headers: { ...PHOTO_HEADERS, ETag: etag, "Content-Length": String(bytes.byteLength) },
    });
  } catch (error) {
    logger.error({ err: (error as Error).message, userId }, "profile photo not served");
    return new Response("Unavailable", { status: 503, headers: { "Content-Type": "text/plain", "Retry-After": "5" } });
  }
}
