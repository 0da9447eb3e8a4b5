-- CreateTable
CREATE TABLE "SoldOutVariant" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "since" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "variantId")
);

