export { db, type Db } from "./client";
export { Prisma, TokenPurpose } from "./generated/client";
export type * from "./generated/models";
