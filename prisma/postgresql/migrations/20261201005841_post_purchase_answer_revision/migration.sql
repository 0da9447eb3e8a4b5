-- AlterTable
ALTER TABLE "PostPurchaseDecision" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

