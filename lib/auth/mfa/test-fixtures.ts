import { generate, generateSecret } from "otplib";
import { db } from "../../db";
import { redis } from "../../redis";
import { decodeSessionToken } from "../session/cookie";
import { STEP_UP_WINDOW_MS } from "../session/step-up";
import { sessionTokenHash } from "../session/store";
import { insertUser } from "../../testing/fixtures";
import { sealSecret } from "./secret-box";

/** The code an authenticator app with `secret` shows at `ms` (milliseconds since the epoch). */
export function totpCodeAt(secret: string, ms: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(ms / 1000) });
}

/** An account with a confirmed authenticator app, straight in the database; its secret to compute codes. */
export async function insertUserWithTotp(options: Parameters<typeof insertUser>[0] = {}) {
  const user = await insertUser(options);
  const secret = generateSecret();
  await db.totpFactor.create({
    data: { userId: user.id, secretCipher: sealSecret(secret, user.id), confirmedAt: new Date() },
  });
  return { user, secret };
}

/** The middle of a time step `steps` steps from now: codes around it are unambiguous. */
export function midStep(steps = 0): number {
  return (Math.floor(Date.now() / 30_000) + steps) * 30_000 + 15_000;
}

/** Audit event types recorded about a user, oldest first. */
export async function auditTypes(userId: string): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ where: { userId }, orderBy: { seq: "asc" }, select: { type: true } });
  return rows.map((row) => row.type);
}

/** Makes the session behind a cookie look signed in 11 minutes ago (database and cache): step-up is due. */
export async function ageSession(cookie: string): Promise<void> {
  const sid = (await decodeSessionToken(cookie))!.sid;
  const hash = sessionTokenHash(sid);
  await db.session.update({
    where: { sessionToken: hash },
    data: { authenticatedAt: new Date(Date.now() - STEP_UP_WINDOW_MS - 60_000) },
  });
  await redis.del(`session:${hash}`);
}
