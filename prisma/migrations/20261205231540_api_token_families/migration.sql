-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('BROWSER', 'API');

-- AlterTable
ALTER TABLE "RefreshToken" DROP COLUMN "revokedAt";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "kind" "SessionKind" NOT NULL DEFAULT 'BROWSER';

-- Hand-written: refresh tokens now belong to a family row of the session registry. None were
-- issued before this migration (there was no token endpoint); any stray row has no family.
DELETE FROM "RefreshToken" r WHERE NOT EXISTS (SELECT 1 FROM "Session" s WHERE s."id" = r."familyId");

-- AddForeignKey
ALTER TABLE "RefreshToken" ADD CONSTRAINT "RefreshToken_familyId_fkey" FOREIGN KEY ("familyId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
