-- AlterTable
ALTER TABLE "Publication" DROP COLUMN "nextAttemptAt";

