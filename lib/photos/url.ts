import { config } from "../config";

// Where photos are served: light enough for every module that presents a user (no sharp, no SDK).

/** The path a photo is served at: the user and the content hash (a new photo, a new URL). */
export const photoPath = (userId: string, hash: string) => `/photos/${userId}/${hash}.webp`;

/** The user's photo URL (absolute, on APP_URL), or null when they have none. */
export function photoUrlOf(user: { id: string; photoHash: string | null }): string | null {
  return user.photoHash ? `${config.appUrl}${photoPath(user.id, user.photoHash)}` : null;
}
