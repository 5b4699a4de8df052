import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { insertUser, TEST_META } from "../testing/fixtures";
import { testImage } from "../testing/images";
import { s3PhotoStorePerTest } from "../testing/s3";
import { insertMember } from "../testing/org";
import { deleteUser } from "../users";
import { loadAccess } from "../authz";
import { photoKey } from "./store";
import { removePhoto, replacePhoto } from "./photos";
import { photoPath, photoUrlOf } from "./url";
import { photoResponse } from "./serve";

const store = s3PhotoStorePerTest({ beforeAll, afterAll, beforeEach });

const hashOf = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { photoHash: true } })).photoHash;
const serve = (userId: string, hash: string, headers: Record<string, string> = {}) =>
  photoResponse(new Request(`http://localhost${photoPath(userId, hash)}`, { headers }), userId, `${hash}.webp`);

describe("replacePhoto and removePhoto", () => {
  it("stores the re-encoded photo under the user and its hash, names it on the row, and audits it", async () => {
    const user = await insertUser();
    const { photoUrl } = await replacePhoto(user.id, await testImage("png"), undefined, TEST_META);
    const hash = (await hashOf(user.id))!;
    expect(photoUrl).toBe(`http://localhost:3000/photos/${user.id}/${hash}.webp`);
    expect(photoUrlOf({ id: user.id, photoHash: hash })).toBe(photoUrl);
    expect(photoUrlOf({ id: user.id, photoHash: null })).toBeNull();
    expect(await store().list(`${user.id}/`)).toEqual([photoKey(user.id, hash)]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "profile.photo_changed" } });
    expect(event).toMatchObject({ actorId: user.id, ip: TEST_META.ip, data: { photoHash: hash } });
  });

  it("serves the current photo with year-long immutable caching, and 404 for anything else", async () => {
    const user = await insertUser();
    await replacePhoto(user.id, await testImage("jpeg"), undefined, TEST_META);
    const hash = (await hashOf(user.id))!;
    const response = await serve(user.id, hash);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/webp",
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      etag: `"${hash}"`,
    });
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      Buffer.from((await store().get(photoKey(user.id, hash)))!),
    );
    expect((await serve(user.id, hash, { "if-none-match": `"${hash}"` })).status).toBe(304);
    const other = await insertUser();
    for (const [userId, file] of [
      [other.id, `${hash}.webp`],
      [user.id, `${"0".repeat(32)}.webp`],
      [user.id, `${hash}.png`],
      [user.id, `${hash.slice(0, 8)}.webp`],
      [user.id, "..%2f..%2fetc%2fpasswd"],
      ["../x", `${hash}.webp`],
    ]) {
      const refused = await photoResponse(new Request("http://localhost/photos/x/y"), userId!, file!);
      expect(refused.status, `${userId} ${file}`).toBe(404);
      expect(refused.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("replacing deletes the old object, and the old URL answers 404 at once", async () => {
    const user = await insertUser();
    await replacePhoto(user.id, await testImage("png", 300, 300), undefined, TEST_META);
    const first = (await hashOf(user.id))!;
    await replacePhoto(user.id, await testImage("webp", 500, 200), undefined, TEST_META);
    const second = (await hashOf(user.id))!;
    expect(second).not.toBe(first);
    expect(await store().list(`${user.id}/`)).toEqual([photoKey(user.id, second)]);
    expect((await serve(user.id, first)).status).toBe(404);
    expect((await serve(user.id, second)).status).toBe(200);
  });

  it("uploading the same photo again keeps its object and URL", async () => {
    const user = await insertUser();
    const image = await testImage("png", 320, 320);
    const { photoUrl } = await replacePhoto(user.id, image, undefined, TEST_META);
    expect((await replacePhoto(user.id, image, undefined, TEST_META)).photoUrl).toBe(photoUrl);
    expect(await store().list(`${user.id}/`)).toHaveLength(1);
    expect((await serve(user.id, (await hashOf(user.id))!)).status).toBe(200);
  });

  it("removing deletes the object and clears the row (audited); removing nothing is a no-op", async () => {
    const user = await insertUser();
    await replacePhoto(user.id, await testImage("jpeg"), undefined, TEST_META);
    const hash = (await hashOf(user.id))!;
    await removePhoto(user.id, TEST_META);
    expect(await hashOf(user.id)).toBeNull();
    expect(await store().list(`${user.id}/`)).toEqual([]);
    expect((await serve(user.id, hash)).status).toBe(404);
    await removePhoto(user.id, TEST_META);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "profile.photo_removed" } })).toBe(1);
  });

  it("of concurrent replacements the last to commit wins, and no object is left dangling or orphaned", async () => {
    const user = await insertUser();
    const images = await Promise.all([
      testImage("png", 300, 300),
      testImage("jpeg", 400, 300),
      testImage("webp", 300, 500),
      testImage("png", 300, 300), // the same photo twice: its object must survive the others' deletes
    ]);
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([
        ...images.map((image) => replacePhoto(user.id, image, undefined, TEST_META)),
        removePhoto(user.id, TEST_META),
      ]);
      const hash = await hashOf(user.id);
      const keys = await store().list(`${user.id}/`);
      if (hash) {
        expect(keys).toEqual([photoKey(user.id, hash)]);
        expect((await serve(user.id, hash)).status).toBe(200);
      } else {
        expect(keys).toEqual([]);
      }
    }
  });

  it("a disabled or deleted account cannot set a photo (401), and nothing is stored for it", async () => {
    const user = await insertUser({ isActive: false });
    await expect(replacePhoto(user.id, await testImage("png"), undefined, TEST_META)).rejects.toMatchObject({
      code: "unauthorized",
    });
    await expect(removePhoto("no-such-user", TEST_META)).rejects.toMatchObject({ code: "unauthorized" });
    expect(await store().list(`${user.id}/`)).toEqual([]);
  });

  it("deleting a user removes their photo from the store", async () => {
    const admin = await insertMember({ roles: ["Admin"] });
    const user = await insertUser();
    await replacePhoto(user.id, await testImage("png"), undefined, TEST_META);
    await store().put(photoKey(user.id, "f".repeat(32)), new Uint8Array([1])); // an orphan from a crash
    await deleteUser((await loadAccess(admin.id))!, user.id, TEST_META);
    expect(await store().list(`${user.id}/`)).toEqual([]);
  });
});
