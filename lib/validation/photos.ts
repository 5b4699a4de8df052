import { z } from "./z";

// Profile photos (api.md: PUT /api/v1/me/photo): the optional square to keep, in the source
// image's pixels, shared by the API and the /account form. The file itself is checked by its
// bytes (lib/photos), never by a schema of what the sender declared.

const PIXELS_MESSAGE = "Must be a whole number of pixels.";
const pixels = z
  .string({ error: PIXELS_MESSAGE })
  .trim()
  .regex(/^\d{1,6}$/, PIXELS_MESSAGE)
  .transform(Number);

/** `cropX`, `cropY` (top-left corner) and `cropSize` (side), all three or none: none keeps the centred square. */
export const PhotoCropSchema = z
  .object({
    cropX: pixels.optional(),
    cropY: pixels.optional(),
    cropSize: pixels.refine((size) => size >= 1, "Must be at least 1 pixel.").optional(),
  })
  .refine(
    (crop) =>
      [crop.cropX, crop.cropY, crop.cropSize].every((value) => value === undefined) ||
      [crop.cropX, crop.cropY, crop.cropSize].every((value) => value !== undefined),
    { message: "Send cropX, cropY and cropSize together, or none of them.", path: ["cropSize"] },
  )
  .transform((crop) =>
    crop.cropX !== undefined && crop.cropY !== undefined && crop.cropSize !== undefined
      ? { x: crop.cropX, y: crop.cropY, size: crop.cropSize }
      : undefined,
  );
export type PhotoCropInput = z.infer<typeof PhotoCropSchema>;

/** The crop fields of a multipart form, as PhotoCropSchema reads them (absent or empty: not sent). */
export function photoCropFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of ["cropX", "cropY", "cropSize"]) {
    const value = form.get(name);
    if (value !== null && value !== "") fields[name] = value;
  }
  return fields;
}

/** What PUT /api/v1/me/photo answers. */
export const PhotoResponseSchema = z.object({
  photoUrl: z.string().meta({
    description: "Where the photo is served, on this origin: immutable (a new photo gets a new URL).",
  }),
});

/** The multipart body of PUT /api/v1/me/photo, for the OpenAPI document. */
export const PhotoUploadDocumentSchema = z.object({
  photo: z.string().meta({
    format: "binary",
    description: "JPEG, PNG or WebP, at most 5 MB; recognised by its content, whatever its name or declared type.",
  }),
  cropX: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .meta({ description: "Left edge of the square to keep, in pixels." }),
  cropY: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .meta({ description: "Top edge of the square to keep, in pixels." }),
  cropSize: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .meta({ description: "Side of the square to keep, in pixels. Without the crop fields: the centred square." }),
});
