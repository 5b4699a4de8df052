import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { animatedWebp, PHP_AS_PNG, pngBomb, SVG, testImage } from "../testing/images";
import { MAX_PHOTO_BYTES, PHOTO_HASH_LENGTH, processPhoto, type PhotoCrop } from "./image";
import { sniffPhotoFormat } from "./sniff";

/** The error code processPhoto refuses a file with (fails the test when it accepts it). */
async function refusal(file: Uint8Array, crop?: PhotoCrop): Promise<string> {
  try {
    await processPhoto(file, crop);
  } catch (error) {
    if (isAppError(error)) {
      expect(error.status).toBe(400);
      return error.code;
    }
    throw error;
  }
  throw new Error("the file was accepted");
}

/** The colour of the pixel at (x, y) of an image. */
async function pixel(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

const near = (actual: number[], expected: number[]) =>
  actual.every((value, i) => Math.abs(value - expected[i]!) < 40) || `${actual} is not near ${expected}`;

describe("processPhoto", () => {
  it.each(["jpeg", "png", "webp"] as const)(
    "turns a %s into a 256×256 WebP without EXIF, ICC or XMP, named by its SHA-256",
    async (format) => {
      const input = await testImage(format, 640, 480, { exif: true });
      expect((await sharp(input).metadata()).exif ?? (await sharp(input).metadata()).icc).toBeDefined();
      const { bytes, hash } = await processPhoto(input);
      const metadata = await sharp(bytes).metadata();
      expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });
      expect(metadata.exif).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(bytes.includes(Buffer.from("secret-owner"))).toBe(false);
      expect(hash).toMatch(new RegExp(`^[0-9a-f]{${PHOTO_HASH_LENGTH}}$`));
      const { createHash } = await import("node:crypto");
      expect(createHash("sha256").update(bytes).digest("hex").startsWith(hash)).toBe(true);
    },
  );

  it("keeps the centred square without a crop, and exactly the square asked for with one", async () => {
    // Quadrants: red top-left, green top-right, yellow bottom-left, blue bottom-right.
    const input = await testImage("png", 400, 200);
    const centred = (await processPhoto(input)).bytes;
    expect(near(await pixel(centred, 10, 10), [255, 0, 0])).toBe(true);
    expect(near(await pixel(centred, 245, 245), [0, 0, 255])).toBe(true);
    const topRight = (await processPhoto(input, { x: 220, y: 10, size: 80 })).bytes;
    for (const [x, y] of [
      [5, 5],
      [250, 250],
    ])
      expect(near(await pixel(topRight, x!, y!), [0, 255, 0])).toBe(true);
    const bottomLeft = (await processPhoto(input, { x: 0, y: 100, size: 100 })).bytes;
    expect(near(await pixel(bottomLeft, 128, 128), [255, 255, 0])).toBe(true);
  });

  it("crops in the picture as it is seen: after its EXIF orientation", async () => {
    // 200 wide × 100 high as stored, rotated 90° clockwise when shown (orientation 6): 100 × 200.
    const stored = await sharp(await testImage("jpeg", 200, 100))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const { bytes } = await processPhoto(stored, { x: 0, y: 100, size: 100 });
    expect((await sharp(bytes).metadata()).orientation).toBeUndefined();
    // Shown turned clockwise: the stored bottom-right (blue) is at the bottom left, top-right (green) bottom right.
    expect(near(await pixel(bytes, 60, 128), [0, 0, 255])).toBe(true);
    expect(near(await pixel(bytes, 200, 128), [0, 255, 0])).toBe(true);
    await expect(processPhoto(stored, { x: 0, y: 150, size: 100 })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("refuses a square that does not lie within the photo", async () => {
    const input = await testImage("png", 300, 200);
    expect(await refusal(input, { x: 250, y: 0, size: 100 })).toBe("validation_failed");
    expect(await refusal(input, { x: 0, y: 0, size: 201 })).toBe("validation_failed");
  });

  it("takes the first frame of an animated WebP", async () => {
    const input = await animatedWebp();
    expect((await sharp(input, { pages: -1 }).metadata()).pages).toBe(2);
    const { bytes } = await processPhoto(input);
    expect((await sharp(bytes).metadata()).pages ?? 1).toBe(1);
    expect(near(await pixel(bytes, 128, 128), [255, 0, 0])).toBe(true);
  });

  it("refuses every hostile or unusable file with 400 invalid_photo, never a 500", async () => {
    const jpeg = await testImage("jpeg", 400, 300);
    const cases: [string, Uint8Array][] = [
      ["an empty file", new Uint8Array()],
      ["a PHP script named photo.png", PHP_AS_PNG],
      ["an SVG", SVG],
      ["an SVG behind a PNG's first bytes", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), SVG])],
      ["a GIF", await testImage("gif", 50, 50)],
      ["a TIFF", await testImage("tiff", 50, 50)],
      ["an AVIF", await testImage("avif", 50, 50)],
      ["a truncated JPEG", jpeg.subarray(0, Math.floor(jpeg.length / 2))],
      ["a JPEG's header alone", jpeg.subarray(0, 200)],
      ["a PNG signature and nothing else", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ["a RIFF that is not WebP", Buffer.concat([Buffer.from("RIFF\0\0\0\0WAVEfmt "), Buffer.alloc(64)])],
      ["a decompression bomb (10¹⁰ pixels declared)", pngBomb()],
      ["a bomb just over the pixel limit", pngBomb(8000, 5001)],
      ["random bytes after a JPEG's magic", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5000, 7)])],
    ];
    for (const [name, file] of cases) expect(await refusal(file), name).toBe("invalid_photo");
  });

  it("refuses a file over 5 MB before looking at it (photo_too_large)", async () => {
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1);
    (await testImage("jpeg")).copy(big);
    expect(await refusal(big)).toBe("photo_too_large");
  });
});

describe("sniffPhotoFormat", () => {
  it("knows JPEG, PNG and WebP by their first bytes, and nothing else", async () => {
    expect(sniffPhotoFormat(await testImage("jpeg", 8, 8))).toBe("jpeg");
    expect(sniffPhotoFormat(await testImage("png", 8, 8))).toBe("png");
    expect(sniffPhotoFormat(await testImage("webp", 8, 8))).toBe("webp");
    expect(sniffPhotoFormat(await testImage("gif", 8, 8))).toBeNull();
    expect(sniffPhotoFormat(SVG)).toBeNull();
    expect(sniffPhotoFormat(Buffer.from("RIFF"))).toBeNull();
    expect(sniffPhotoFormat(new Uint8Array())).toBeNull();
  });
});
