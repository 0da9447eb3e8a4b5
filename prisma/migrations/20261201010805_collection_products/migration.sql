-- CreateTable
CREATE TABLE "CollectionProducts" (
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "productIds" TEXT NOT NULL,
    "resolvedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "collectionId")
);

