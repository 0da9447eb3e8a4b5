-- AlterTable
ALTER TABLE "PostPurchaseDecision" ADD COLUMN "arms" TEXT;

