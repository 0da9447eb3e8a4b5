-- CreateTable
CREATE TABLE "Funnel" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "definition" TEXT NOT NULL,
    "attention" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Funnel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publication" (
    "shop" TEXT NOT NULL,
    "discountId" TEXT,
    "checkoutConfigHash" TEXT,
    "discountConfigHash" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "lastError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "Funnel_shop_status_idx" ON "Funnel"("shop", "status");

