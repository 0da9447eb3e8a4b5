-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "holdoutBucket" INTEGER;

