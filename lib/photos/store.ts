/**
 * Where photo bytes live: an S3-compatible bucket or a local directory. Keys are
 * `<userId>/<hash>.webp`, written once and never changed (their URLs are cached for a year).
 */
export interface PhotoStore {
  /** A short name for logs and docs: "s3://bucket" or the directory. */
  readonly description: string;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the object; removing one that is not there is no error. */
  delete(key: string): Promise<void>;
  /** The keys under a prefix (every photo of a user: `<userId>/`). */
  list(prefix: string): Promise<string[]>;
}

/** The object key of a user's photo. */
export const photoKey = (userId: string, hash: string) => `${userId}/${hash}.webp`;
