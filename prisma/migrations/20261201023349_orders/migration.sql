-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "placedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "checkoutToken" TEXT,
    "customerId" TEXT,
    "shopCurrency" TEXT NOT NULL,
    "totalShop" INTEGER NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "totalPresentment" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "OrderOfferLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amountShop" INTEGER NOT NULL,
    "amountPresentment" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "lineItemId")
);

-- CreateTable
CREATE TABLE "OrderRefund" (
    "shop" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "amountShop" INTEGER NOT NULL,
    "amountPresentment" INTEGER NOT NULL,
    "lines" TEXT NOT NULL,

    PRIMARY KEY ("shop", "refundId")
);

-- CreateTable
CREATE TABLE "OrderBackfill" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL DEFAULT 'running',
    "since" DATETIME NOT NULL,
    "cursor" TEXT,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Order_shop_placedAt_idx" ON "Order"("shop", "placedAt");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

-- CreateIndex
CREATE INDEX "OrderOfferLine_shop_orderId_idx" ON "OrderOfferLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "OrderOfferLine_shop_funnelId_idx" ON "OrderOfferLine"("shop", "funnelId");

-- CreateIndex
CREATE INDEX "OrderRefund_shop_orderId_idx" ON "OrderRefund"("shop", "orderId");

