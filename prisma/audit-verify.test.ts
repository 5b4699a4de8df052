import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../lib/audit";
import { db } from "../lib/db";
import { REPO_ROOT } from "../lib/testing/processes";

/** Runs `npm run audit:verify`'s script against this test file's database. */
function auditVerify(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "prisma/audit-verify.ts"],
      { cwd: REPO_ROOT, env: process.env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("npm run audit:verify", () => {
  it("exits 0 on an intact chain and prints its length and head, then 1 naming the first broken link", async () => {
    for (const userId of ["cli-1", "cli-2", "cli-3"]) await recordAudit("logout", { userId });
    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const intact = await auditVerify();
    expect(intact).toMatchObject({ code: 0, stderr: "" });
    expect(intact.stdout).toContain("Audit chain intact: 3 events");
    expect(intact.stdout).toContain(`hash ${head.hash}`);

    const middle = await db.auditEvent.findFirstOrThrow({ where: { userId: "cli-2" } });
    await db.$executeRaw`UPDATE "AuditEvent" SET "ip" = '203.0.113.66' WHERE "id" = ${middle.id}`;
    const broken = await auditVerify();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`Audit chain broken at seq ${middle.seq} (id ${middle.id}): hash mismatch`);
  });
});
