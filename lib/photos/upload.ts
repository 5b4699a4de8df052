import { AppError, isAppError } from "../errors";
import { readBodyBytes, validate } from "../http/body";
import { PhotoCropSchema, photoCropFields } from "../validation/photos";
import { invalidPhoto, MAX_PHOTO_BYTES, photoTooLarge, type PhotoCrop } from "./image";

/** The largest multipart body read: the largest photo and room for the part headers and crop fields. */
export const MAX_PHOTO_UPLOAD_BYTES = MAX_PHOTO_BYTES + 64 * 1024;

export type PhotoUpload = { file: Uint8Array; crop: PhotoCrop | undefined };

/**
 * The `photo` file and optional crop of a multipart/form-data request. A body over the limit is
 * refused from its Content-Length, or as soon as the bytes read pass it, never read whole.
 */
export async function readPhotoUpload(request: Request): Promise<PhotoUpload> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw invalidPhoto("Send the photo as multipart/form-data, in a field named photo.");
  }
  let body: Buffer;
  try {
    body = await readBodyBytes(request, MAX_PHOTO_UPLOAD_BYTES);
  } catch (error) {
    if (isAppError(error) && error.code === "payload_too_large") throw photoTooLarge();
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw invalidPhoto("The multipart body could not be read.");
  }
  return photoFromForm(form);
}

/** The photo and crop of a parsed form (the API's body, or the /account form's submission). */
export async function photoFromForm(form: FormData): Promise<PhotoUpload> {
  const photo = form.get("photo");
  // A form submitted with no file chosen sends an empty, nameless file part.
  if (!(photo instanceof Blob) || (photo.size === 0 && photo instanceof File && photo.name === "")) {
    throw new AppError("validation_failed", "Send a photo.", { photo: ["Choose a JPEG, PNG or WebP photo."] });
  }
  const crop = validate(PhotoCropSchema, photoCropFields(form));
  if (photo.size > MAX_PHOTO_BYTES) throw photoTooLarge();
  return { file: new Uint8Array(await photo.arrayBuffer()), crop };
}
