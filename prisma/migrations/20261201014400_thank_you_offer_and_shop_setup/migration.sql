-- CreateTable
CREATE TABLE "ShopSetup" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "shopifyPlus" BOOLEAN,
    "developmentStore" BOOLEAN,
    "planName" TEXT,
    "cartEmbedEnabled" BOOLEAN,
    "checkedAt" DATETIME,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PostPurchaseDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "customerId" TEXT,
    "currency" TEXT NOT NULL,
    "offerSetId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "surface" TEXT NOT NULL DEFAULT 'post_purchase',
    "thankYouStep" TEXT,
    "thankYouCode" TEXT,
    "thankYouAcceptedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PostPurchaseDecision_shop_offerSetId_fkey" FOREIGN KEY ("shop", "offerSetId") REFERENCES "PostPurchaseOfferSet" ("shop", "id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PostPurchaseDecision" ("createdAt", "currency", "customerId", "funnelId", "id", "offerSetId", "referenceId", "revision", "shop") SELECT "createdAt", "currency", "customerId", "funnelId", "id", "offerSetId", "referenceId", "revision", "shop" FROM "PostPurchaseDecision";
DROP TABLE "PostPurchaseDecision";
ALTER TABLE "new_PostPurchaseDecision" RENAME TO "PostPurchaseDecision";
CREATE INDEX "PostPurchaseDecision_shop_customerId_idx" ON "PostPurchaseDecision"("shop", "customerId");
CREATE UNIQUE INDEX "PostPurchaseDecision_shop_referenceId_key" ON "PostPurchaseDecision"("shop", "referenceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

