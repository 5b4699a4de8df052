export { recordAudit, type AuditMeta, type AuditType } from "./record";
export { appendAuditEvent, type AppendedAuditEvent, type AuditWriter, type NewAuditEvent } from "./append";
export { canonicalEvent, chainHash, GENESIS_HASH, type ChainedEvent } from "./chain";
export { ACTIVITY_PAGE_SIZE, listActivity, listAuditEvents, SECURITY_EVENT_TYPES } from "./list";
export { sealAuditBacklog, type SealResult } from "./seal";
export {
  describeVerifyResult,
  verifyAuditChain,
  type ChainBreak,
  type ChainProblem,
  type VerifyResult,
} from "./verify";
