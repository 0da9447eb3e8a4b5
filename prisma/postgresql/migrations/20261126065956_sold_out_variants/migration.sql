-- CreateTable
CREATE TABLE "SoldOutVariant" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SoldOutVariant_pkey" PRIMARY KEY ("shop","variantId")
);

