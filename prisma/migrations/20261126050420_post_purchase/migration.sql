-- CreateTable
CREATE TABLE "PostPurchaseDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "customerId" TEXT,
    "currency" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PostPurchaseStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "jti" TEXT,
    "signedAt" DATETIME,
    "acceptedAt" DATETIME,
    "declinedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PostPurchaseRefusal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PostPurchaseDecision_shop_customerId_idx" ON "PostPurchaseDecision"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseDecision_shop_referenceId_key" ON "PostPurchaseDecision"("shop", "referenceId");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseStep_shop_referenceId_step_key" ON "PostPurchaseStep"("shop", "referenceId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseRefusal_shop_referenceId_offerId_code_key" ON "PostPurchaseRefusal"("shop", "referenceId", "offerId", "code");

