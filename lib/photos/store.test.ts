import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type TestS3Server } from "../testing/s3";
import { createLocalPhotoStore } from "./local-store";
import { createS3PhotoStore } from "./s3-store";
import type { PhotoStore } from "./store";

let s3: TestS3Server;
const folders: string[] = [];
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const stores: [string, () => Promise<PhotoStore>][] = [
  ["an S3-compatible bucket (s3rver)", async () => createS3PhotoStore(await s3.createBucket())],
  [
    "a local directory",
    async () => {
      const folder = mkdtempSync(path.join(tmpdir(), "authcore-photos-"));
      folders.push(folder);
      return createLocalPhotoStore(folder);
    },
  ],
];

describe.each(stores)("the photo store in %s", (_name, makeStore) => {
  it("puts, reads back, lists by user and deletes objects", async () => {
    const store = await makeStore();
    const bytes = new Uint8Array([1, 2, 3, 250, 0, 9]);
    await store.put("user1/aa.webp", bytes);
    await store.put("user1/bb.webp", new Uint8Array([7]));
    await store.put("user2/aa.webp", new Uint8Array([8]));
    expect(Buffer.from((await store.get("user1/aa.webp"))!)).toEqual(Buffer.from(bytes));
    expect((await store.list("user1/")).sort()).toEqual(["user1/aa.webp", "user1/bb.webp"]);
    await store.delete("user1/aa.webp");
    expect(await store.get("user1/aa.webp")).toBeNull();
    expect(await store.list("user1/")).toEqual(["user1/bb.webp"]);
    expect(await store.list("user2/")).toEqual(["user2/aa.webp"]);
  });

  it("answers null for a missing object, and deleting one is no error", async () => {
    const store = await makeStore();
    expect(await store.get("nobody/00.webp")).toBeNull();
    await store.delete("nobody/00.webp");
    expect(await store.list("nobody/")).toEqual([]);
  });

  it("overwrites an object written again under the same key", async () => {
    const store = await makeStore();
    await store.put("u/cc.webp", new Uint8Array([1]));
    await store.put("u/cc.webp", new Uint8Array([2, 2]));
    expect(Array.from((await store.get("u/cc.webp"))!)).toEqual([2, 2]);
  });
});

describe("the local directory store", () => {
  it("never reads or writes outside its folder, whatever the key", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "authcore-photos-"));
    folders.push(folder);
    const store = createLocalPhotoStore(folder);
    for (const key of ["../escape.webp", "u/../../x.webp", "/etc/passwd", "u/x.png"]) {
      await expect(store.put(key, new Uint8Array([1])), key).rejects.toThrow(/not a photo key/);
      await expect(store.get(key), key).rejects.toThrow(/not a photo key/);
    }
    await expect(store.list("../")).rejects.toThrow(/not a photo prefix/);
  });
});
