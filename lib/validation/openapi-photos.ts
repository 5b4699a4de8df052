import { authed, json, limited, ok, problem, signedIn, type OpenApiPaths } from "./openapi-parts";
import { PhotoResponseSchema, PhotoUploadDocumentSchema } from "./photos";

// The profile photo endpoints of the OpenAPI document (listed with the Accounts endpoints by ./openapi.ts).

export const photosPaths: OpenApiPaths = {
  "/api/v1/me/photo": {
    put: {
      summary: "Set the caller's profile photo",
      description:
        "`photo` is a JPEG, PNG or WebP file of at most 5 MB and 40 million pixels, recognised by its content " +
        "(never by its name or declared type). The server keeps the square `cropX`, `cropY`, `cropSize` (source " +
        "pixels, after the EXIF orientation; all three or none: none keeps the centred square), resizes it to " +
        "256×256 and re-encodes it as WebP without metadata. The answer's `photoUrl` (also in `GET /api/v1/me` " +
        "and user records) is public and immutable: a new photo gets a new URL, and the old one answers 404.",
      ...authed,
      requestBody: {
        required: true,
        content: { "multipart/form-data": { schema: json(PhotoUploadDocumentSchema, "input") } },
      },
      responses: {
        "200": ok("The photo is set", PhotoResponseSchema),
        "400": problem(
          "invalid_photo (not a JPEG, PNG or WebP image we can read, too many pixels, not multipart/form-data), " +
            "photo_too_large (over 5 MB; refused before the body is read whole), or validation_failed " +
            "(no `photo` file, or a crop that is malformed or outside the photo)",
        ),
        ...signedIn,
        ...limited,
        "503": problem("Too many photos are being processed at once: try again after Retry-After"),
      },
    },
    delete: {
      summary: "Remove the caller's profile photo",
      description: "Removing none is no error. The photo's URL answers 404 from then on.",
      ...authed,
      responses: { "204": ok("Removed (or there was none)"), ...signedIn, ...limited },
    },
  },
};
