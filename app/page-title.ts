/** Every page's document title (Built for Shopify: each page has one), e.g. "Funnels · Upstack". */
export function pageTitle(page: string): string {
  return `${page} · Upstack`;
}
