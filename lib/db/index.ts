export { db, type Db } from "./client";
export { isUniqueViolation } from "./errors";
export { readRows } from "./rows";
export { Prisma, SessionKind, TokenPurpose } from "./generated/client";
export type * from "./generated/models";
