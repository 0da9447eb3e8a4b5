-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "resetsAt" BIGINT NOT NULL,
    "hits" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "key")
);

-- CreateTable
CREATE TABLE "ShopRedaction" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "redactedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "RateLimitCounter_resetsAt_idx" ON "RateLimitCounter"("resetsAt");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_purchaseKey_funnelId_idx" ON "OfferEvent"("shop", "purchaseKey", "funnelId");

