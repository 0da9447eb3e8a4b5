/**
 * The setup guide: which of Upstack's surfaces a store can use, what is left
 * to switch on, and where to do it. Pure: the server gathers the facts (the
 * shop's plan and the live theme's app embeds, read by a background job; what
 * buyers have been seen using), this decides what the merchant reads.
 *
 * Shopify's rules behind it (README, "Where offers show"):
 * - checkout bump: extensions in checkout's steps run only on Plus (and
 *   development stores); the merchant places the block in the checkout editor;
 * - cart bump: every plan, through the theme app embed the merchant turns on;
 * - post-purchase page: every plan, once Shopify granted the app access and
 *   the merchant chose Upstack for the post-purchase page;
 * - thank-you offer: every plan except Starter, once the merchant placed the
 *   block on the Thank you page.
 */
import { canUseCheckoutBump } from "./store-surfaces";

export type SurfaceName = "checkoutBump" | "cartBump" | "postPurchase" | "thankYou";

/** What the server knows about the store. Null: not known yet (the background check has not run). */
export type StoreFacts = {
  shop: string;
  apiKey: string;
  plan: { shopifyPlus: boolean; developmentStore: boolean; name: string | null } | null;
  cartEmbedEnabled: boolean | null;
  /** A buyer's checkout has shown the bump: the checkout block (or pay-button placement) is placed. */
  checkoutBumpSeen: boolean;
  /** Shopify has asked Upstack for a post-purchase offer: Upstack is the chosen post-purchase app. */
  postPurchaseSeen: boolean;
  /** A Thank you page has asked Upstack for an offer: the block is placed. */
  thankYouSeen: boolean;
};

export type SetupStep = { label: string; url: string; done: boolean | null };

export type SurfaceStatus = {
  surface: SurfaceName;
  title: string;
  /** "ready": live; "todo": the store can use it, steps are left; "unavailable": not on this store's plan; "unknown": not checked yet. */
  state: "ready" | "todo" | "unavailable" | "unknown";
  reason: string;
  steps: SetupStep[];
};

/** The cart bump's app embed and app block (extensions/cart-bump), as theme editor deep links name them. */
export const CART_EMBED_HANDLE = "cart-bump-embed";
export const CART_BLOCK_HANDLE = "cart-bump";

export function setupLinks(shop: string, apiKey: string) {
  const admin = `https://${shop}/admin`;
  return {
    /** Opens the theme editor on the cart with Upstack's embed selected, ready to switch on. */
    cartEmbed: `${admin}/themes/current/editor?context=apps&template=cart&activateAppId=${apiKey}/${CART_EMBED_HANDLE}`,
    /** Opens the theme editor on the cart page adding Upstack's app block in a new apps section. */
    cartBlock: `${admin}/themes/current/editor?template=cart&addAppBlockId=${apiKey}/${CART_BLOCK_HANDLE}&target=newAppsSection`,
    /** Checkout settings: the checkout editor (Customize) and the post-purchase page choice live here; Shopify offers no deep link to a block. */
    checkoutSettings: `${admin}/settings/checkout`,
    /** Shopify's guide to the post-purchase page access an app must be granted for live stores. */
    postPurchaseAccess: "https://shopify.dev/docs/apps/build/checkout/product-offers/post-purchase#request-access",
  };
}

const step = (label: string, url: string, done: boolean | null): SetupStep => ({ label, url, done });

function stateOf(steps: SetupStep[]): SurfaceStatus["state"] {
  return steps.every((s) => s.done === true) ? "ready" : "todo";
}

/** Every surface, in the order a buyer meets them, with what is left to do. */
export function setupGuide(facts: StoreFacts): SurfaceStatus[] {
  const links = setupLinks(facts.shop, facts.apiKey);
  const checkoutOpen = facts.plan
    ? canUseCheckoutBump({ shopifyPlus: facts.plan.shopifyPlus, partnerDevelopment: facts.plan.developmentStore })
    : null;

  const cartSteps = [step("Turn on the Upstack cart bump in your theme's app embeds", links.cartEmbed, facts.cartEmbedEnabled)];
  const cart: SurfaceStatus = {
    surface: "cartBump",
    title: "Order bump in the cart",
    state: facts.cartEmbedEnabled === null ? "unknown" : stateOf(cartSteps),
    reason:
      facts.cartEmbedEnabled === null
        ? "Upstack has not read your live theme yet."
        : "Every plan: the bump shows on the cart page and in the cart drawer.",
    steps: cartSteps,
  };

  const checkoutSteps = [step("Place the Upstack order bump block in the checkout editor (Settings > Checkout > Customize)", links.checkoutSettings, facts.checkoutBumpSeen || null)];
  const checkout: SurfaceStatus =
    checkoutOpen === null
      ? { surface: "checkoutBump", title: "Order bump in checkout", state: "unknown", reason: "Upstack has not read your plan yet.", steps: checkoutSteps }
      : checkoutOpen
        ? {
            surface: "checkoutBump",
            title: "Order bump in checkout",
            state: facts.checkoutBumpSeen ? "ready" : "todo",
            reason: facts.checkoutBumpSeen ? "Buyers see the bump in checkout." : "Shopify Plus: the bump can sit next to the pay button.",
            steps: checkoutSteps,
          }
        : {
            surface: "checkoutBump",
            title: "Order bump in checkout",
            state: "unavailable",
            reason: "Shopify opens checkout's steps to apps only on Shopify Plus. Your bump shows in the cart instead.",
            steps: [],
          };

  const postPurchaseSteps = [
    step("Shopify grants Upstack access to the post-purchase page (asked by Upstack's developer)", links.postPurchaseAccess, facts.postPurchaseSeen || null),
    step("Choose Upstack for the post-purchase page (Settings > Checkout > Post-purchase page)", links.checkoutSettings, facts.postPurchaseSeen || null),
  ];
  const postPurchase: SurfaceStatus = {
    surface: "postPurchase",
    title: "One-click upsell after payment",
    state: facts.postPurchaseSeen ? "ready" : "todo",
    reason: facts.postPurchaseSeen
      ? "Buyers get your upsell right after paying."
      : "Every plan. Shopify skips this page for wallets, pay-later, some gateways, pickup and orders without a shipping address: those orders get the thank-you offer.",
    steps: postPurchaseSteps,
  };

  const thankYouSteps = [step("Place the Upstack thank-you offer block on the Thank you page (Settings > Checkout > Customize)", links.checkoutSettings, facts.thankYouSeen || null)];
  const starter = facts.plan?.name?.toLowerCase().includes("starter") ?? false;
  const thankYou: SurfaceStatus = starter
    ? { surface: "thankYou", title: "Offer on the thank-you page", state: "unavailable", reason: "Shopify Starter has no Thank you page extensions.", steps: [] }
    : {
        surface: "thankYou",
        title: "Offer on the thank-you page",
        state: facts.thankYouSeen ? "ready" : "todo",
        reason: "For orders that got no post-purchase page: the offer opens a new checkout at the offer price.",
        steps: thankYouSteps,
      };

  return [cart, checkout, postPurchase, thankYou];
}

/** What one funnel needs from the store; null when it has what it needs. */
export type FunnelReach = { canShow: boolean; reasons: string[] };

/**
 * Whether a funnel can show anything on this store, and why not: a funnel
 * with only a bump needs a bump surface, one with only an upsell needs a
 * page after payment, and an inactive one shows nothing anywhere.
 */
export function funnelReach(
  funnel: { status: string; hasBump: boolean; hasUpsell: boolean },
  guide: readonly SurfaceStatus[],
): FunnelReach {
  const live = (surface: SurfaceName) => guide.find((s) => s.surface === surface)?.state === "ready";
  const reasons: string[] = [];
  if (funnel.status !== "active") reasons.push("The funnel is not active.");
  if (!funnel.hasBump && !funnel.hasUpsell) reasons.push("The funnel has no bump and no upsell.");
  const bumpLive = live("cartBump") || live("checkoutBump");
  const afterPaymentLive = live("postPurchase") || live("thankYou");
  if (funnel.hasBump && !bumpLive) reasons.push("No bump surface is switched on yet: turn on the cart bump (every plan) or place the checkout block (Plus).");
  if (funnel.hasUpsell && !afterPaymentLive) {
    reasons.push("No page after payment is set up yet: choose Upstack for the post-purchase page or place the thank-you block.");
  }
  const canShow = funnel.status === "active" && ((funnel.hasBump && bumpLive) || (funnel.hasUpsell && afterPaymentLive));
  return { canShow, reasons: canShow ? reasons.filter((r) => r !== "The funnel is not active.") : reasons };
}

/**
 * Whether the theme's settings_data.json turns on the app embed `handle` of
 * app `appHandle`: a block in `current.blocks` whose type names
 * `/apps/<appHandle>/blocks/<handle>/` and which is not disabled. The file
 * may start with a comment Shopify writes; anything unreadable is false.
 */
export function appEmbedEnabled(settingsData: string, appHandle: string, handle: string): boolean {
  const json = settingsData.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return false;
  }
  const current = (parsed as { current?: unknown } | null)?.current;
  if (typeof current !== "object" || current === null) return false;
  const blocks = (current as { blocks?: unknown }).blocks;
  if (typeof blocks !== "object" || blocks === null) return false;
  const needle = `/apps/${appHandle}/blocks/${handle}/`;
  return Object.values(blocks).some((block) => {
    if (typeof block !== "object" || block === null) return false;
    const { type, disabled } = block as { type?: unknown; disabled?: unknown };
    return typeof type === "string" && type.includes(needle) && disabled !== true;
  });
}
