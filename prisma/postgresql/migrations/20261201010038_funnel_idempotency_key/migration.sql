-- AlterTable
ALTER TABLE "Funnel" ADD COLUMN     "idempotencyKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Funnel_shop_idempotencyKey_key" ON "Funnel"("shop", "idempotencyKey");

