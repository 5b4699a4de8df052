// npm run audit:verify — walks the audit trail's hash chain (lib/audit/verify.ts): exit 0 with
// "Audit chain intact: N events" and the head to anchor elsewhere, or exit 1 naming the first
// broken link.
import { describeVerifyResult, verifyAuditChain } from "../lib/audit/verify";
import { db } from "../lib/db";

try {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    console.log(describeVerifyResult(result));
    if (result.head) console.log(`Head: seq ${result.head.seq}, id ${result.head.id}, hash ${result.head.hash}`);
  } else {
    console.error(describeVerifyResult(result));
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Audit verification failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await db.$disconnect();
}
