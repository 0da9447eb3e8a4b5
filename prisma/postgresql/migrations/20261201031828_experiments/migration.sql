-- AlterTable
ALTER TABLE "OfferEvent" ADD COLUMN     "arm" TEXT,
ADD COLUMN     "experimentId" TEXT;

-- AlterTable
ALTER TABLE "OrderOfferLine" ADD COLUMN     "arm" TEXT,
ADD COLUMN     "experimentId" TEXT;

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "arms" TEXT NOT NULL,
    "running" INTEGER DEFAULT 1,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "promoted" TEXT,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Experiment_shop_funnelId_idx" ON "Experiment"("shop", "funnelId");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_shop_funnelId_slot_running_key" ON "Experiment"("shop", "funnelId", "slot", "running");

