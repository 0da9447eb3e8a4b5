-- CreateTable
CREATE TABLE "PostPurchaseOfferSet" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostPurchaseOfferSet_pkey" PRIMARY KEY ("shop","id")
);

-- Hand-written: the offers of each existing decision become its own offer set.
INSERT INTO "PostPurchaseOfferSet" ("shop", "id", "offers", "createdAt")
SELECT "shop", 'decision:' || "id", "offers", "createdAt" FROM "PostPurchaseDecision";

-- AlterTable
ALTER TABLE "PostPurchaseDecision" ADD COLUMN "offerSetId" TEXT;
UPDATE "PostPurchaseDecision" SET "offerSetId" = 'decision:' || "id";
ALTER TABLE "PostPurchaseDecision" ALTER COLUMN "offerSetId" SET NOT NULL,
DROP COLUMN "offers";

-- AddForeignKey
ALTER TABLE "PostPurchaseDecision" ADD CONSTRAINT "PostPurchaseDecision_shop_offerSetId_fkey" FOREIGN KEY ("shop", "offerSetId") REFERENCES "PostPurchaseOfferSet"("shop", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
