import { Prisma } from "./generated/client";

/** Whether a Prisma error is a unique-constraint violation (on `field`, when given). */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  return field === undefined || (JSON.stringify(error.meta ?? {}) + error.message).includes(field);
}
