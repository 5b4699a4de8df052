import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ChangeUsernameSchema } from "../validation";
import { changeUsername } from "./profile";
import { insertUser, queuedEmails, uniqueName } from "../testing/fixtures";
import { appErrorFrom } from "../testing/app-error";

const META = { ip: "192.0.2.9", userAgent: "test" };
/** A step-up session of the user that signed in `agoMs` ago. */
const session = (userId: string, agoMs = 0) => ({
  userId,
  sessionId: "session-id",
  authenticatedAt: new Date(Date.now() - agoMs),
});
const rename = (userId: string, username: string) => changeUsername(session(userId), username, META);

describe("changing one's username", () => {
  it("changes it, keeps the key lower-cased, and records an audit event", async () => {
    const user = await insertUser();
    const next = uniqueName("Renamed");
    const me = await rename(user.id, next);
    expect(me.username).toBe(next);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.usernameKey).toBe(next.toLowerCase());
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "username.changed" } })).toBe(1);
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "username.changed" } }),
    ).toMatchObject({
      ip: META.ip,
      data: { from: user.username, to: next },
    });
    expect(await queuedEmails(user.email)).toMatchObject([
      { template: "security-notice", data: { event: "username-changed", username: next, ip: META.ip } },
    ]);
  });

  it("needs a recent sign-in (step-up): an older session is refused with 403 and nothing changes", async () => {
    const user = await insertUser();
    const stale = appErrorFrom(changeUsername(session(user.id, 11 * 60 * 1000), uniqueName(), META));
    expect((await stale).code).toBe("reauthentication_required");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).username).toBe(user.username);
    expect(await queuedEmails(user.email)).toEqual([]);
  });

  it("refuses a name another account holds, whatever its casing, with 409 errors.username", async () => {
    const holder = await insertUser({ username: uniqueName("Holder") });
    const user = await insertUser();
    const error = await appErrorFrom(rename(user.id, holder.username.toUpperCase()));
    expect(error.status).toBe(409);
    expect(error.fieldErrors?.username).toEqual(["That username is taken."]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).username).toBe(user.username);
  });

  it("two people taking the same free name at once: one gets it, the other a 409", async () => {
    const [first, second] = [await insertUser(), await insertUser()];
    const name = uniqueName("Contested");
    const results = await Promise.allSettled([rename(first.id, name), rename(second.id, name.toLowerCase())]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", fieldErrors: { username: ["That username is taken."] } });
  });

  it("lets a person change only the casing of their own name", async () => {
    const user = await insertUser({ username: uniqueName("casing") });
    expect((await rename(user.id, user.username.toUpperCase())).username).toBe(user.username.toUpperCase());
  });

  it("refuses a disabled account", async () => {
    const user = await insertUser({ isActive: false });
    expect((await appErrorFrom(rename(user.id, uniqueName()))).status).toBe(401);
  });

  it("validates the name with the registration rules (length, characters, NUL bytes)", () => {
    for (const bad of ["ab", "a".repeat(31), "has space", "a\u0000bc", "ädä", 42, null]) {
      expect(ChangeUsernameSchema.safeParse({ username: bad }).success).toBe(false);
    }
    expect(ChangeUsernameSchema.safeParse({ username: "ok_name.1", role: "Admin" }).data).toEqual({
      username: "ok_name.1",
    });
  });
});
