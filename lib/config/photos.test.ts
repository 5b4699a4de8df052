import { describe, expect, it } from "vitest";
import { loadConfig, type EnvSource } from ".";
import { configProblems } from "./test-support";

const problemsOf = (env: EnvSource): string => configProblems(env).join("\n");

describe("photo storage configuration", () => {
  it("keeps photos in .data/photos by default, or the folder PHOTO_STORAGE_DIR names", () => {
    expect(loadConfig({}).photos).toEqual({ directory: ".data/photos", s3: null });
    expect(loadConfig({ PHOTO_STORAGE_DIR: "/srv/photos" }).photos.directory).toBe("/srv/photos");
  });

  it("uses an S3-compatible bucket when S3_BUCKET is set: AWS by default, any endpoint with path style", () => {
    expect(loadConfig({ S3_BUCKET: "authcore-photos" }).photos.s3).toEqual({
      bucket: "authcore-photos",
      endpoint: undefined,
      region: "us-east-1",
      credentials: undefined,
      forcePathStyle: false,
    });
    expect(
      loadConfig({
        S3_BUCKET: "photos",
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_REGION: "auto",
        S3_ACCESS_KEY_ID: "minio",
        S3_SECRET_ACCESS_KEY: "minio-secret",
        S3_FORCE_PATH_STYLE: "true",
      }).photos.s3,
    ).toEqual({
      bucket: "photos",
      endpoint: "http://127.0.0.1:9000",
      region: "auto",
      credentials: { accessKeyId: "minio", secretAccessKey: "minio-secret" },
      forcePathStyle: true,
    });
  });

  it("names every inconsistent storage variable", () => {
    const problems = problemsOf({
      S3_ENDPOINT: "ftp://storage",
      S3_ACCESS_KEY_ID: "only-the-id",
      S3_FORCE_PATH_STYLE: "maybe",
    });
    expect(problems).toMatch(/S3_ENDPOINT: must be a http: or https: URL/);
    expect(problems).toMatch(/S3_FORCE_PATH_STYLE/);
    expect(problemsOf({ S3_ACCESS_KEY_ID: "id", S3_BUCKET: "photos" })).toMatch(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither/,
    );
    expect(problemsOf({ S3_ENDPOINT: "https://r2.example" })).toMatch(/S3_BUCKET: required when S3_ENDPOINT/);
    expect(problemsOf({ S3_BUCKET: "Not_A_Bucket" })).toMatch(/S3_BUCKET: must be a bucket name/);
    expect(problemsOf({ PHOTO_STORAGE_DIR: "  " })).toMatch(/PHOTO_STORAGE_DIR/);
  });
});
