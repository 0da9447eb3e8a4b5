/**
 * Checkout::PostPurchase::ShouldRender: runs while the buyer pays. Asks the
 * app server for this purchase's offers, keeps them for the page and says
 * whether to show it. Fails closed and never throws: no app origin (see
 * app-origin.ts), a server error, a malformed answer or no answer within a
 * second all mean no page.
 */
import type { PostPurchaseShouldRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import { appOrigin } from "./app-origin";
import { type StoredOffers, currentOffer, parseOfferAnswer } from "./offers";
import { requestOffers } from "./app-client";

export async function shouldRender(
  { inputData, storage }: Pick<PostPurchaseShouldRenderApi, "inputData" | "storage">,
  send: typeof fetch = fetch,
): Promise<{ render: boolean }> {
  try {
    const origin = appOrigin(inputData.shop.metafields);
    if (!origin) return { render: false };
    const purchase = inputData.initialPurchase;
    const total = purchase.totalPriceSet.presentmentMoney;
    const answer = await requestOffers(
      origin,
      inputData.token,
      {
        referenceId: purchase.referenceId,
        lineItems: purchase.lineItems.map((line) => ({
          productId: line.product.id,
          variantId: line.product.variant.id,
          quantity: line.quantity,
        })),
        currencyCode: total.currencyCode,
        totalPrice: total.amount,
      },
      send,
    );
    const offers = parseOfferAnswer(answer, inputData);
    // An answer without an upsell would open a page with nothing on it.
    if (!offers || !currentOffer(offers, [])) return { render: false };
    const stored: StoredOffers = { origin, answer };
    await storage.update(stored);
    return { render: true };
  } catch {
    return { render: false };
  }
}
