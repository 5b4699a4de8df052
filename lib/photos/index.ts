export {
  invalidPhoto,
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  PHOTO_HASH_LENGTH,
  PHOTO_SIZE,
  photoTooLarge,
  processPhoto,
  type PhotoCrop,
  type ProcessedPhoto,
} from "./image";
export { createLocalPhotoStore } from "./local-store";
export { discardUserPhotos, isCurrentPhoto, photoStore, removePhoto, replacePhoto, usePhotoStore } from "./photos";
export { createS3PhotoStore, type S3PhotoStoreOptions } from "./s3-store";
export { photoKey, type PhotoStore } from "./store";
export { sniffPhotoFormat, type PhotoFormat } from "./sniff";
export { MAX_PHOTO_UPLOAD_BYTES, photoFromForm, readPhotoUpload, type PhotoUpload } from "./upload";
export { photoPath, photoUrlOf } from "./url";
