// A real S3-compatible server for tests: s3rver (npm) on a free loopback port, its files in a
// temporary folder, and a fresh bucket for each test that asks for one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { createS3PhotoStore, usePhotoStore, type PhotoStore, type S3PhotoStoreOptions } from "../photos";

// s3rver accepts any signature made with its one built-in key pair.
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export type TestS3Server = {
  endpoint: string;
  /** A new empty bucket: the options of a photo store that uses it. */
  createBucket(): Promise<S3PhotoStoreOptions>;
  close(): Promise<void>;
};

export async function startS3Server(): Promise<TestS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), "authcore-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    credentials: CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    endpoint,
    async createBucket() {
      const bucket = `photos-${randomBytes(6).toString("hex")}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return { bucket, endpoint, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true };
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: one s3rver for the file, and before each test a photo store on a fresh bucket
 * made the app's store. Returns a getter for the current test's store.
 */
export function s3PhotoStorePerTest(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
  beforeEach: (fn: () => Promise<void>) => void;
}): () => PhotoStore {
  let s3: TestS3Server;
  let store: PhotoStore;
  hooks.beforeAll(async () => {
    s3 = await startS3Server();
  });
  hooks.afterAll(() => s3.close());
  hooks.beforeEach(async () => {
    store = createS3PhotoStore(await s3.createBucket());
    usePhotoStore(store);
  });
  return () => store;
}
