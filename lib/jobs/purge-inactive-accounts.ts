import { config } from "../config";
import type { JobContext, JobResult } from "./types";

/**
 * Deletes accounts that were never activated within INACTIVE_ACCOUNT_TTL_DAYS: still inactive
 * and without a verified email. An account that was activated once and later deactivated has
 * `emailVerified` set and is kept, and so is an account an administrator disabled before it was
 * activated (disabled is its own state). Their tokens, sessions and roles go with them (cascades).
 */
export async function purgeInactiveAccounts({ db, now }: JobContext): Promise<JobResult> {
  const cutoff = new Date(now.getTime() - config.inactiveAccountTtlDays * 86_400_000);
  const { count } = await db.user.deleteMany({
    where: {
      isActive: false,
      emailVerified: null,
      disabledAt: null,
      createdAt: { lt: cutoff },
      accounts: { none: {} },
    },
  });
  return { accountsDeleted: count };
}
