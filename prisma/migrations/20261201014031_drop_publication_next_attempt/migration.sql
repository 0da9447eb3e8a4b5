-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Publication" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "discountId" TEXT,
    "checkoutConfigHash" TEXT,
    "discountConfigHash" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "lastError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "publishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Publication" ("attempts", "checkoutConfigHash", "discountConfigHash", "discountId", "lastError", "publishedAt", "shop", "state", "updatedAt") SELECT "attempts", "checkoutConfigHash", "discountConfigHash", "discountId", "lastError", "publishedAt", "shop", "state", "updatedAt" FROM "Publication";
DROP TABLE "Publication";
ALTER TABLE "new_Publication" RENAME TO "Publication";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

