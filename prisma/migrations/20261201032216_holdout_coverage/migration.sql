-- AlterTable
ALTER TABLE "Order" ADD COLUMN "deliveryMethod" TEXT;
ALTER TABLE "Order" ADD COLUMN "paymentGateways" TEXT;
ALTER TABLE "Order" ADD COLUMN "requiresShipping" BOOLEAN;

-- CreateTable
CREATE TABLE "OfferSkip" (
    "shop" TEXT NOT NULL,
    "purchaseKey" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "purchaseKey", "surface")
);

