import { randomBytes } from "node:crypto";
import { db } from "../db";
import { EMAIL_MESSAGE_TYPE } from "./messages";
import { enqueueEmail } from "./outbox";
import { sealEmail } from "./seal";

/**
 * What a registration does to the outbox, without the registration flow: a new inactive user and
 * its activation email written in one transaction.
 */
export async function registerUserWithActivationEmail(email: string, username = email.split("@")[0] ?? "user") {
  const token = randomBytes(24).toString("base64url");
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { username, usernameKey: username.toLowerCase(), email: email.toLowerCase(), isActive: false },
    });
    const outboxId = await enqueueEmail(
      { template: "activation", to: user.email, data: { username, token, cancelToken: `${token}-cancel` } },
      tx,
    );
    return { user, outboxId, token };
  });
}

/** Writes `count` activation emails straight to the outbox (one statement), for load and crash tests. */
export async function fillOutbox(count: number, recipient: (i: number) => string): Promise<string[]> {
  const rows = await Promise.all(
    Array.from({ length: count }, async (_, i) => ({
      type: EMAIL_MESSAGE_TYPE,
      payload: await sealEmail({
        template: "activation",
        to: recipient(i),
        data: { username: `user${i}`, token: `token-${i}`, cancelToken: `cancel-${i}` },
      }),
    })),
  );
  const created = await db.outboxMessage.createManyAndReturn({ data: rows, select: { id: true } });
  return created.map((r) => r.id);
}
