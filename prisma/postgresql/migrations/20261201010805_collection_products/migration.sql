-- CreateTable
CREATE TABLE "CollectionProducts" (
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "productIds" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CollectionProducts_pkey" PRIMARY KEY ("shop","collectionId")
);

