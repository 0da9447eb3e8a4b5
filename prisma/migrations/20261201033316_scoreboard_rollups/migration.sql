-- CreateTable
CREATE TABLE "ScoreboardDay" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "holdout" TEXT NOT NULL,
    "orders" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "revenue" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "day")
);

-- CreateTable
CREATE TABLE "ScoreboardDirty" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "markedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "key")
);

-- CreateIndex
CREATE INDEX "OfferEvent_shop_occurredAt_idx" ON "OfferEvent"("shop", "occurredAt");

-- CreateIndex
CREATE INDEX "Order_shop_checkoutToken_idx" ON "Order"("shop", "checkoutToken");

