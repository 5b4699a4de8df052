-- AlterTable
ALTER TABLE "User" ADD COLUMN     "photoHash" TEXT;
