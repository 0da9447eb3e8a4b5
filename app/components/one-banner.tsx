import type { ReactNode } from "react";

/** A banner a page might show, or nothing (false/null) when it has nothing to say. */
export type BannerCandidate = ReactNode | null | false | undefined;

/**
 * One banner at a time on a page (Built for Shopify): pages list every
 * banner they could show, most important first (errors that block the
 * merchant, then warnings, then news and tips), and only the first that has
 * something to say is drawn. The others show once it is gone.
 */
export function OneBanner({ banners }: { banners: readonly BannerCandidate[] }) {
  const first = banners.find((banner) => banner !== null && banner !== undefined && banner !== false);
  return first ? <div data-testid="page-banner">{first}</div> : null;
}
