import type { JobContext, JobResult } from "./types";

/** Deletes sessions past their idle or absolute expiry (their cookies are already refused). */
export async function purgeExpiredSessions({ db, now }: JobContext): Promise<JobResult> {
  const { count } = await db.session.deleteMany({
    where: { OR: [{ expires: { lt: now } }, { absoluteExpires: { lt: now } }] },
  });
  return { sessionsDeleted: count };
}
