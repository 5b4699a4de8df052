import { recordAudit, type AuditMeta } from "../audit";
import { config } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import { logger } from "../log";
import { processPhoto, type PhotoCrop } from "./image";
import { withPhotoSlot } from "./limit";
import { createLocalPhotoStore } from "./local-store";
import { createS3PhotoStore } from "./s3-store";
import { photoKey, type PhotoStore } from "./store";
import { photoUrlOf } from "./url";

const globalForPhotos = globalThis as unknown as { authcorePhotoStore?: PhotoStore };

/** The process's photo store: the S3 bucket when one is configured, else the local directory. */
export function photoStore(): PhotoStore {
  globalForPhotos.authcorePhotoStore ??= config.photos.s3
    ? createS3PhotoStore(config.photos.s3)
    : createLocalPhotoStore(config.photos.directory);
  return globalForPhotos.authcorePhotoStore;
}

/** Puts another store in place of the configured one (tests run against their own bucket). */
export function usePhotoStore(store: PhotoStore): void {
  globalForPhotos.authcorePhotoStore = store;
}

const accountGone = () => new AppError("unauthorized", "The account no longer exists or is disabled.");

// Every write and delete of a user's objects happens while their row is locked (FOR UPDATE),
// and an object is only deleted when the row no longer names it. So of two concurrent changes
// the last to commit wins, and the row never names an object that a concurrent change deleted
// (the same photo uploaded again is put back under the lock after any delete of it).
const LOCKED_TX = { timeout: 20_000, maxWait: 10_000 };

/**
 * Replaces the user's photo with `file` (checked, cropped and re-encoded by processPhoto), then
 * deletes the previous one from the store. Audited as `profile.photo_changed`.
 */
export async function replacePhoto(
  userId: string,
  file: Uint8Array,
  crop: PhotoCrop | undefined,
  meta: AuditMeta,
): Promise<{ photoUrl: string }> {
  const photo = await withPhotoSlot(() => processPhoto(file, crop));
  let previous: string | null;
  try {
    previous = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ photoHash: string | null }[]>`
        SELECT "photoHash" FROM "User" WHERE "id" = ${userId} AND "isActive" FOR UPDATE`;
      if (!row) throw accountGone();
      await photoStore().put(photoKey(userId, photo.hash), photo.bytes);
      await tx.user.update({ where: { id: userId }, data: { photoHash: photo.hash } });
      await recordAudit("profile.photo_changed", { userId, meta, data: { photoHash: photo.hash } }, tx);
      return row.photoHash;
    }, LOCKED_TX);
  } catch (error) {
    // The object may have been written before the change failed: no orphan when it is not named.
    await deleteUnlessCurrent(userId, photo.hash);
    throw error;
  }
  if (previous && previous !== photo.hash) await deleteUnlessCurrent(userId, previous);
  return { photoUrl: photoUrlOf({ id: userId, photoHash: photo.hash })! };
}

/** Removes the user's photo (nothing to do when there is none). Audited as `profile.photo_removed`. */
export async function removePhoto(userId: string, meta: AuditMeta): Promise<void> {
  const previous = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ photoHash: string | null }[]>`
      SELECT "photoHash" FROM "User" WHERE "id" = ${userId} AND "isActive" FOR UPDATE`;
    if (!row) throw accountGone();
    if (!row.photoHash) return null;
    await tx.user.update({ where: { id: userId }, data: { photoHash: null } });
    await recordAudit("profile.photo_removed", { userId, meta, data: { photoHash: row.photoHash } }, tx);
    return row.photoHash;
  }, LOCKED_TX);
  if (previous) await deleteUnlessCurrent(userId, previous);
}

/** Deletes the object of `hash` unless the user's row names it again; logged, never thrown. */
async function deleteUnlessCurrent(userId: string, hash: string): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ photoHash: string | null }[]>`
        SELECT "photoHash" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
      if (row?.photoHash === hash) return;
      await photoStore().delete(photoKey(userId, hash));
    }, LOCKED_TX);
  } catch (error) {
    logger.warn({ err: (error as Error).message, userId, hash }, "old profile photo not deleted");
  }
}

/** After a user's row is deleted: every object under their prefix. Logged, never thrown. */
export async function discardUserPhotos(userId: string): Promise<void> {
  try {
    const store = photoStore();
    for (const key of await store.list(`${userId}/`)) await store.delete(key);
  } catch (error) {
    logger.warn({ err: (error as Error).message, userId }, "deleted user's photos not removed");
  }
}

/** Whether `hash` names the user's current photo (a replaced or removed one's does not). */
export async function isCurrentPhoto(userId: string, hash: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ photoHash: string | null }[]>`
    SELECT "photoHash" FROM "User" WHERE "id" = ${userId}`;
  return row?.photoHash === hash;
}
