-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "purchaseKey" TEXT,
    "dedupeKey" TEXT,
    "customerId" TEXT,
    "amount" INTEGER,
    "currency" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OfferEvent_shop_funnelId_type_idx" ON "OfferEvent"("shop", "funnelId", "type");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_customerId_idx" ON "OfferEvent"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "OfferEvent_shop_dedupeKey_key" ON "OfferEvent"("shop", "dedupeKey");

