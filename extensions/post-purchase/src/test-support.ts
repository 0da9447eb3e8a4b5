/**
 * Test helpers (not bundled: nothing index.tsx imports uses this file).
 * Host objects are typed with @shopify/post-purchase-ui-extensions' own
 * types and the server's answers are built with core's payload functions,
 * the ones the offer endpoint uses, so a fixture cannot drift from either side.
 */
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import {
  type OfferDiscount,
  type PostPurchaseOffer,
  type PostPurchaseStep,
  PUBLISHED_METAFIELDS,
  buildCheckoutConfig,
  postPurchaseOfferPayload,
  postPurchaseOfferView,
} from "@upstack/core";
import { vi } from "vitest";
import { postPurchase, product } from "../../../packages/core/src/test-fixtures";
import type { StoredOffers } from "./offers";

export type InputData = PostPurchaseRenderApi["inputData"];
export type CalculateResult = Awaited<ReturnType<PostPurchaseRenderApi["calculateChangeset"]>>;
export type ApplyResult = Awaited<ReturnType<PostPurchaseRenderApi["applyChangeset"]>>;

export const ORIGIN = "https://upstack.example";
export const REFERENCE_ID = "f9a1c2d3e4b5";
export const INPUT_TOKEN = "input-data.jwt";

/** The shop metafield as the server publishes it (core's buildCheckoutConfig), read back by the extension. */
export function configMetafield(eventsUrl = `${ORIGIN}/api/checkout/events`, namespace = "$app:upstack") {
  return {
    namespace,
    key: PUBLISHED_METAFIELDS.checkout.key,
    value: JSON.stringify(buildCheckoutConfig([], "USD", { eventsUrl })),
    valueType: "json_string" as const,
  };
}

const bag = (amount: string, currencyCode = "USD") => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});

export function inputData(options: { locale?: string; metafields?: InputData["shop"]["metafields"] } = {}): InputData {
  return {
    extensionPoint: "Checkout::PostPurchase::ShouldRender",
    initialPurchase: {
      referenceId: REFERENCE_ID,
      customerId: "7001",
      destinationCountryCode: "US",
      totalPriceSet: bag("97.00"),
      lineItems: [
        {
          product: {
            id: 8_812_345_678_901,
            title: "Course",
            variant: { id: 45_001, title: "Default Title", metafields: [] },
            metafields: [],
          },
          quantity: 1,
          totalPriceSet: bag("97.00"),
        },
      ],
    },
    locale: options.locale ?? "en",
    shop: { id: 1, domain: "upstack-demo.myshopify.com", metafields: options.metafields ?? [configMetafield()] },
    token: INPUT_TOKEN,
    version: "unstable",
  };
}

/** A funnel's post-purchase offer, as the merchant configured it (core's test builders, with this page's copy). */
export function funnelOffer(
  title: string,
  cents: number,
  id: number,
  discount: OfferDiscount = { type: "percentage", percent: 25 },
): PostPurchaseOffer {
  return {
    ...postPurchase(product(title, cents, { productId: id, variantId: id + 1_000 }), { discount }),
    copy: {
      headline: `Add the ${title.toLowerCase()} for less`,
      body: `The ${title.toLowerCase()}, at a lower price with your order.`,
      labels: "add_to_my_order",
    },
  };
}

/** One offer exactly as the offer endpoint answers it (core's postPurchaseOfferPayload). */
export const payload = (step: PostPurchaseStep, offer: PostPurchaseOffer) =>
  postPurchaseOfferPayload(postPurchaseOfferView(offer, step));

export const UPSELL = payload("upsell", funnelOffer("Workbook", 4000, 501));
export const DOWNSELL = payload("downsell", funnelOffer("Cheat sheet", 2000, 502));
export const FOLLOW_UP = payload("followUp", funnelOffer("Coaching call", 10000, 503, { type: "fixed_amount", amount: 2500 }));

export const answerOf = (...offers: unknown[]) => ({ referenceId: REFERENCE_ID, offers });

export const storedOf = (...offers: unknown[]): StoredOffers => ({ origin: ORIGIN, answer: answerOf(...offers) });

/** What calculateChangeset answers for one added line, in USD. */
export function calculated(
  variantId: number,
  amounts: { subtotal: string; shipping: string; taxes: string; total: string },
): CalculateResult {
  return {
    status: "processed",
    errors: [],
    calculatedPurchase: {
      subtotalPriceSet: bag("127.00"),
      totalPriceSet: bag("134.80"),
      addedTaxLines: [{ priceSet: bag(amounts.taxes), rate: 0.08, title: "Sales tax" }],
      updatedLineItems: [
        {
          totalPriceSet: bag(amounts.subtotal),
          priceSet: bag(amounts.subtotal),
          productId: 501,
          variantId,
          productHandle: "workbook",
          quantity: 1,
        },
      ],
      addedShippingLines: [{ priceSet: bag(amounts.shipping), presentmentTitle: "Standard" }],
      totalOutstandingSet: bag(amounts.total),
    },
  };
}

export const applied = (remaining = 2): ApplyResult => ({ status: "processed", errors: [], changesetApplicationsRemaining: remaining });
export const refused = (code: ApplyResult["errors"][number]["code"], status: ApplyResult["status"] = "unprocessed"): ApplyResult => ({
  status,
  errors: [{ code, message: `Shopify says ${code}` }],
  changesetApplicationsRemaining: 2,
});

export function renderApi(
  initialData: unknown,
  overrides: Partial<Pick<PostPurchaseRenderApi, "calculateChangeset" | "applyChangeset">> & { locale?: string } = {},
) {
  const input = inputData({ locale: overrides.locale });
  return {
    extensionPoint: "Checkout::PostPurchase::Render",
    version: "unstable",
    locale: input.locale,
    inputData: { ...input, extensionPoint: "Checkout::PostPurchase::Render" },
    storage: { initialData, update: vi.fn(async () => {}) },
    calculateChangeset: overrides.calculateChangeset ?? vi.fn(async () => calculated(UPSELL.variantId, TOTALS)),
    applyChangeset: overrides.applyChangeset ?? vi.fn(async () => applied()),
    done: vi.fn(async () => {}),
  } satisfies PostPurchaseRenderApi;
}

export const TOTALS = { subtotal: "30.00", shipping: "5.00", taxes: "2.80", total: "37.80" };

type Call = { url: string; authorization: string | null; body: Record<string, unknown> };

/**
 * The app server at the network boundary: a fetch that answers each
 * endpoint with the given handler (a Response, or a promise that never settles).
 */
export function appServer(handlers: { offer?: () => Promise<Response>; sign?: () => Promise<Response> } = {}) {
  const calls: Call[] = [];
  let signed = 0;
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ url, authorization: headers.get("Authorization"), body: JSON.parse(String(init?.body)) });
    if (url === `${ORIGIN}/api/post-purchase/offer`) return handlers.offer?.() ?? Response.json(answerOf(UPSELL));
    if (url === `${ORIGIN}/api/post-purchase/sign`) {
      return handlers.sign?.() ?? Response.json({ token: `changeset-${++signed}` });
    }
    if (url === `${ORIGIN}/api/post-purchase/events`) return new Response(null, { status: 202 });
    return new Response("Not found", { status: 404 });
  });
  const to = (path: string) => calls.filter((call) => call.url === `${ORIGIN}${path}`).map((call) => call.body);
  return { fetch, calls, signs: () => to("/api/post-purchase/sign"), events: () => to("/api/post-purchase/events") };
}

/** A promise that never settles: a server that does not answer. */
export const never = <T>() => new Promise<T>(() => {});
