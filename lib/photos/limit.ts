import { AppError } from "../errors";

// Decoding a photo takes a core and up to a few hundred MB for a 40-megapixel file: a few at a
// time, a short queue, and a quick 503 beyond it (as the bcrypt pool does: decision 043).
const MAX_RUNNING = 2;
const MAX_WAITING = 8;

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when one of the photo slots is free; 503 with Retry-After when too many wait. */
export async function withPhotoSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_RUNNING) {
    running += 1;
  } else {
    if (waiting.length >= MAX_WAITING) {
      throw new AppError("service_unavailable", "Too many photos are being processed; try again shortly.", undefined, {
        "Retry-After": "5",
      });
    }
    // The slot is handed over by the finishing call, so `running` stays as it is.
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}
