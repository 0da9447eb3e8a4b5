-- CreateTable
CREATE TABLE "ScoreboardDay" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "holdout" TEXT NOT NULL,
    "orders" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "revenue" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreboardDay_pkey" PRIMARY KEY ("shop","day")
);

-- CreateTable
CREATE TABLE "ScoreboardDirty" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreboardDirty_pkey" PRIMARY KEY ("shop","key")
);

-- CreateIndex
CREATE INDEX "OfferEvent_shop_occurredAt_idx" ON "OfferEvent"("shop", "occurredAt");

-- CreateIndex
CREATE INDEX "Order_shop_checkoutToken_idx" ON "Order"("shop", "checkoutToken");

