/**
 * Where the app server is: the origin ShouldRender asks for offers and the
 * page asks to sign. In order:
 *
 * 1. `APP_URL`, written into the bundle by `shopify app dev` (the tunnel);
 * 2. `SHOPIFY_APP_URL`, written in at deploy (`npm run deploy` refuses without it);
 * 3. the `eventsUrl` of the checkout config the server publishes in the
 *    app-owned shop metafield. A fallback only: the package documents
 *    `inputData.shop.metafields` as "only public listed metafields", and
 *    Shopify announced `$app` namespaces for checkout and customer account
 *    UI extensions, not this one.
 *
 * The Shopify CLI bundles the extension with esbuild and `define`s
 * `process.env.<NAME>` for each variable of its environment and of the app's
 * `.env`. A name it did not define stays in the bundle and, with no `process`
 * in the sandbox, throws: hence the literal references, each in its own try.
 */
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import { CHECKOUT_CONFIG_LIMIT_BYTES, PUBLISHED_METAFIELDS, isEventsUrl, utf8ByteLength } from "@upstack/core";

type ShopMetafield = PostPurchaseRenderApi["inputData"]["shop"]["metafields"][number];

/** The app URLs the build wrote in; undefined where it wrote none. */
export type BuiltAppUrls = { appUrl: string | undefined; shopifyAppUrl: string | undefined };

function defined(read: () => unknown): string | undefined {
  try {
    const value = read();
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function builtAppUrls(): BuiltAppUrls {
  return {
    appUrl: defined(() => process.env.APP_URL),
    shopifyAppUrl: defined(() => process.env.SHOPIFY_APP_URL),
  };
}

/**
 * The origin of a URL the buyer's token may be sent to (core's rule: https,
 * or http to localhost / 127.0.0.1 in development), or null.
 */
export function originOf(url: unknown): string | null {
  if (!isEventsUrl(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origin from the checkout config's eventsUrl; the namespace may come back as "$app:upstack" or "app--<id>--upstack". */
export function metafieldOrigin(metafields: readonly ShopMetafield[] | undefined): string | null {
  const { key } = PUBLISHED_METAFIELDS.checkout;
  const entry = metafields?.find(
    (field) => field.key === key && /^(?:\$app:|app--\d+--)upstack$/.test(field.namespace),
  );
  const raw = entry?.value;
  if (typeof raw !== "string" || utf8ByteLength(raw) > CHECKOUT_CONFIG_LIMIT_BYTES) return null;
  try {
    const config: unknown = JSON.parse(raw);
    return typeof config === "object" && config !== null ? originOf((config as { eventsUrl?: unknown }).eventsUrl) : null;
  } catch {
    return null;
  }
}

/** The app's origin: the build's APP_URL, then its SHOPIFY_APP_URL, then the metafield; null when none is usable. */
export function appOrigin(metafields: readonly ShopMetafield[] | undefined, built: BuiltAppUrls = builtAppUrls()): string | null {
  return originOf(built.appUrl) ?? originOf(built.shopifyAppUrl) ?? metafieldOrigin(metafields);
}
