/** Offers as the scoreboard names them (OfferEvent.offer and order lines), in the merchant's words. */
const OFFER_NAMES: Record<string, string> = {
  bump: "Order bump",
  upsell: "Upsell",
  downsell: "Downsell",
  followUp: "Follow-up offer",
  thankYouUpsell: "Thank-you page upsell",
  thankYouDownsell: "Thank-you page downsell",
  thankYou: "Thank-you page offer",
};

export function offerName(offer: string): string {
  return OFFER_NAMES[offer] ?? offer;
}

/** A funnel as the tables name it; a funnel deleted since still has its numbers. */
export function funnelName(name: string | null): string {
  return name ?? "Deleted funnel";
}
