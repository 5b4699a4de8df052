import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { PhotoStore } from "./store";

const KEY = /^[A-Za-z0-9_-]+\/[0-9a-f]+\.webp$/;

/** Photos as files under `directory` (the default store: development needs no bucket). */
export function createLocalPhotoStore(directory: string): PhotoStore {
  const root = path.resolve(directory);
  // Keys are ours (an id and a hex hash), but a path never leaves the root whatever they hold.
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a photo key: ${key}`);
    return path.join(root, key);
  };
  return {
    description: root,
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written aside then renamed: a reader never sees half a file.
      const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    },
    async get(key) {
      try {
        return await readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async list(prefix) {
      const folder = prefix.replace(/\/$/, "");
      if (!/^[A-Za-z0-9_-]+$/.test(folder)) throw new Error(`not a photo prefix: ${prefix}`);
      try {
        const names = await readdir(path.join(root, folder));
        return names.filter((name) => name.endsWith(".webp")).map((name) => `${folder}/${name}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
    },
  };
}
