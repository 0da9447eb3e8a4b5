-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "resetsAt" BIGINT NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("shop","key")
);

-- CreateTable
CREATE TABLE "ShopRedaction" (
    "shop" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopRedaction_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "RateLimitCounter_resetsAt_idx" ON "RateLimitCounter"("resetsAt");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_purchaseKey_funnelId_idx" ON "OfferEvent"("shop", "purchaseKey", "funnelId");

