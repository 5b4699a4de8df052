import { createHash } from "node:crypto";
import sharp from "sharp";
import { AppError } from "../errors";
import { sniffPhotoFormat } from "./sniff";

/** The largest photo file accepted (api.md: at most 5 MB). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Width × height beyond which a file is refused before it is decoded (a decompression bomb). */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** The stored photo: a square WebP of this many pixels a side. */
export const PHOTO_SIZE = 256;
/** Hex characters of the SHA-256 of the stored bytes that name the photo (128 bits: unguessable). */
export const PHOTO_HASH_LENGTH = 32;

/** A square in the source image's pixels (after its EXIF orientation), from its top-left corner. */
export type PhotoCrop = { x: number; y: number; size: number };

/** The re-encoded photo, named by its content. */
export type ProcessedPhoto = { bytes: Buffer; hash: string };

export const invalidPhoto = (detail = "The photo must be a JPEG, PNG or WebP image.") =>
  new AppError("invalid_photo", detail);
export const photoTooLarge = () =>
  new AppError("photo_too_large", `The photo must not exceed ${MAX_PHOTO_BYTES / (1024 * 1024)} MB.`);

// Pixel data that libvips cannot fully decode (a truncated file) fails instead of being padded.
const INPUT = { failOn: "warning", limitInputPixels: MAX_PHOTO_PIXELS, autoOrient: true } as const;

/**
 * A profile photo from an uploaded file: only JPEG, PNG and WebP whose magic bytes and decoder
 * agree, with at most MAX_PHOTO_PIXELS pixels (read from the header, before any decoding), cut to
 * `crop` (the centred square when none), resized to 256×256 and re-encoded as WebP with no
 * metadata (EXIF, XMP and ICC are dropped; pixels are converted to sRGB). An animated WebP gives
 * its first frame. Anything else, corrupt data included, is a 400 `invalid_photo`, never a 500.
 */
export async function processPhoto(file: Uint8Array, crop?: PhotoCrop): Promise<ProcessedPhoto> {
  if (file.byteLength === 0) throw invalidPhoto("The photo file is empty.");
  if (file.byteLength > MAX_PHOTO_BYTES) throw photoTooLarge();
  const format = sniffPhotoFormat(file);
  // Before sharp sees the file: it would happily read SVG, GIF, TIFF, HEIF and more.
  if (!format) throw invalidPhoto();
  const metadata = await sharp(file, INPUT)
    .metadata()
    .catch(() => null);
  if (!metadata || metadata.format !== format) throw invalidPhoto("The photo could not be read as an image.");
  const { width, height } = metadata.autoOrient;
  if (!width || !height || width * height > MAX_PHOTO_PIXELS) {
    throw invalidPhoto(`The photo must have at most ${MAX_PHOTO_PIXELS / 1_000_000} million pixels.`);
  }
  const region = crop ?? centredSquare(width, height);
  if (region.x + region.size > width || region.y + region.size > height) {
    throw new AppError("validation_failed", "The square must lie within the photo.", {
      cropSize: [`The photo is ${width}×${height} pixels: the square must lie within it.`],
    });
  }
  try {
    const bytes = await sharp(file, INPUT)
      .extract({ left: region.x, top: region.y, width: region.size, height: region.size })
      .resize(PHOTO_SIZE, PHOTO_SIZE, { fit: "fill" })
      .webp({ quality: 82, effort: 4 })
      .toBuffer();
    return { bytes, hash: createHash("sha256").update(bytes).digest("hex").slice(0, PHOTO_HASH_LENGTH) };
  } catch {
    throw invalidPhoto("The photo could not be read as an image.");
  }
}

function centredSquare(width: number, height: number): PhotoCrop {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}
