-- AlterTable
ALTER TABLE "PostPurchaseDecision" ADD COLUMN     "surface" TEXT NOT NULL DEFAULT 'post_purchase',
ADD COLUMN     "thankYouAcceptedAt" TIMESTAMP(3),
ADD COLUMN     "thankYouCode" TEXT,
ADD COLUMN     "thankYouStep" TEXT;

-- CreateTable
CREATE TABLE "ShopSetup" (
    "shop" TEXT NOT NULL,
    "shopifyPlus" BOOLEAN,
    "developmentStore" BOOLEAN,
    "planName" TEXT,
    "cartEmbedEnabled" BOOLEAN,
    "checkedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSetup_pkey" PRIMARY KEY ("shop")
);

