export { type PriceFormatting, formatPrice } from "./format-price";
export { OfferPriceLine, type PriceLineTranslate } from "./OfferPriceLine";
