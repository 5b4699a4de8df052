import { describe, expect, it } from "vitest";
import { db } from "../db";
import { insertUser, queuedEmails } from "../testing/fixtures";
import { notifySecurityEvent } from "./notices";
import { registerAccount } from "./register";

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:146.0) Gecko/20100101 Firefox/146.0";

describe("what emails carry for their greeting and security details", () => {
  it("a security notice carries the first name, the time, the address and the User-Agent of the change", async () => {
    const user = await insertUser();
    await db.user.update({ where: { id: user.id }, data: { firstName: "Ada" } });
    const before = Date.now();
    await db.$transaction((tx) =>
      notifySecurityEvent(tx, { ...user, firstName: "Ada" }, "password-changed", {
        ip: "203.0.113.9",
        userAgent: FIREFOX,
      }),
    );
    const [message] = await queuedEmails(user.email);
    expect(message?.template).toBe("security-notice");
    if (message?.template !== "security-notice") return;
    expect(message.data).toMatchObject({ firstName: "Ada", ip: "203.0.113.9", userAgent: FIREFOX });
    expect(Date.parse(message.data.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("a registration with a taken address tells its owner by their own first name, not the registrant's", async () => {
    const owner = await insertUser();
    await db.user.update({ where: { id: owner.id }, data: { firstName: "Grace" } });
    await registerAccount(
      { username: `x${owner.username}`.slice(0, 30), email: owner.email, password: owner.password, firstName: "Eve" },
      { ip: "198.51.100.7", userAgent: FIREFOX },
    );
    const attempt = (await queuedEmails(owner.email)).find((m) => m.template === "registration-attempt");
    expect(attempt?.data).toEqual({ firstName: "Grace" });
  });
});
