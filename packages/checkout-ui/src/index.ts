export { OfferPriceLine, type PriceLineTranslate } from "./OfferPriceLine";
