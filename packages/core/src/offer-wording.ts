/**
 * How every buyer-facing surface (checkout bump, cart bump, post-purchase
 * page, the admin's previews) names an offered item. Shopify's review wants
 * the item named as the store names it (product and variant title, the
 * store's image and price); the merchant's copy is a secondary line beside
 * it, never a replacement for the name.
 */
export type NamedItem = { title: string; variantTitle: string | null };

/** "Course workbook" or "Travel-size set - Lavender": the product title, with the variant's when it has one. */
export function offerItemName(item: NamedItem): string {
  const variant = item.variantTitle?.trim();
  return variant && variant !== "Default Title" ? `${item.title} - ${variant}` : item.title;
}
