-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "holdoutPercent" REAL NOT NULL DEFAULT 0,
    "holdoutSince" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

