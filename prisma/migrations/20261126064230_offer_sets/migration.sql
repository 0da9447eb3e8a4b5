-- CreateTable
CREATE TABLE "PostPurchaseOfferSet" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "offers" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- Hand-written: the offers of each existing decision become its own offer set.
INSERT INTO "PostPurchaseOfferSet" ("shop", "id", "offers", "createdAt")
SELECT "shop", 'decision:' || "id", "offers", "createdAt" FROM "PostPurchaseDecision";

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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PostPurchaseDecision_shop_offerSetId_fkey" FOREIGN KEY ("shop", "offerSetId") REFERENCES "PostPurchaseOfferSet" ("shop", "id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PostPurchaseDecision" ("createdAt", "currency", "customerId", "funnelId", "id", "referenceId", "shop", "offerSetId") SELECT "createdAt", "currency", "customerId", "funnelId", "id", "referenceId", "shop", 'decision:' || "id" FROM "PostPurchaseDecision";
DROP TABLE "PostPurchaseDecision";
ALTER TABLE "new_PostPurchaseDecision" RENAME TO "PostPurchaseDecision";
CREATE INDEX "PostPurchaseDecision_shop_customerId_idx" ON "PostPurchaseDecision"("shop", "customerId");
CREATE UNIQUE INDEX "PostPurchaseDecision_shop_referenceId_key" ON "PostPurchaseDecision"("shop", "referenceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

