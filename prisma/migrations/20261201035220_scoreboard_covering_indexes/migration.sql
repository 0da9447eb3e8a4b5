-- DropIndex
DROP INDEX "OfferEvent_shop_purchaseKey_funnelId_idx";

-- DropIndex
DROP INDEX "OfferEvent_shop_occurredAt_idx";

-- CreateIndex
CREATE INDEX "OfferEvent_shop_purchaseKey_funnelId_offer_occurredAt_type_idx" ON "OfferEvent"("shop", "purchaseKey", "funnelId", "offer", "occurredAt", "type");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_occurredAt_purchaseKey_idx" ON "OfferEvent"("shop", "occurredAt", "purchaseKey");

