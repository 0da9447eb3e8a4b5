-- CreateTable
CREATE TABLE "PostPurchaseDecision" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "customerId" TEXT,
    "currency" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostPurchaseDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostPurchaseStep" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "jti" TEXT,
    "signedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "declinedAt" TIMESTAMP(3),

    CONSTRAINT "PostPurchaseStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostPurchaseRefusal" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PostPurchaseRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PostPurchaseDecision_shop_customerId_idx" ON "PostPurchaseDecision"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseDecision_shop_referenceId_key" ON "PostPurchaseDecision"("shop", "referenceId");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseStep_shop_referenceId_step_key" ON "PostPurchaseStep"("shop", "referenceId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseRefusal_shop_referenceId_offerId_code_key" ON "PostPurchaseRefusal"("shop", "referenceId", "offerId", "code");

