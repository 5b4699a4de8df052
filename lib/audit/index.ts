export { recordAudit, type AuditMeta, type AuditType } from "./record";
