-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "deliveryMethod" TEXT,
ADD COLUMN     "paymentGateways" TEXT,
ADD COLUMN     "requiresShipping" BOOLEAN;

-- CreateTable
CREATE TABLE "OfferSkip" (
    "shop" TEXT NOT NULL,
    "purchaseKey" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferSkip_pkey" PRIMARY KEY ("shop","purchaseKey","surface")
);

