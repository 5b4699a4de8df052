-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TokenPurpose" ADD VALUE 'REGISTRATION_CANCEL';
ALTER TYPE "TokenPurpose" ADD VALUE 'ACCOUNT_UNLOCK';

-- AlterTable
ALTER TABLE "ActionToken" ADD COLUMN     "liveKey" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "expiresAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "authenticatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledAt" TIMESTAMP(3);

-- Backfill (hand-written): only the newest unused token per user and purpose stays live, and
-- accounts that were activated but can no longer sign in were disabled by hand.
UPDATE "ActionToken" t SET "usedAt" = CURRENT_TIMESTAMP
WHERE t."usedAt" IS NULL AND EXISTS (
  SELECT 1 FROM "ActionToken" n
  WHERE n."userId" = t."userId" AND n."purpose" = t."purpose" AND n."usedAt" IS NULL
    AND (n."createdAt", n."id") > (t."createdAt", t."id"));
UPDATE "ActionToken" SET "liveKey" = "userId" || ':' || "purpose"::text WHERE "usedAt" IS NULL;
UPDATE "User" SET "disabledAt" = CURRENT_TIMESTAMP WHERE NOT "isActive" AND "emailVerified" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "ActionToken_liveKey_key" ON "ActionToken"("liveKey");
