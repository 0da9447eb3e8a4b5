import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { appJobs } from "~/jobs/jobs.server";
import type { FunnelFormInput } from "~/forms/funnel-form";
import {
  collectionProductsForShop,
  isTriggerCollection,
  recordCollectionProducts,
} from "~/models/collection-products.server";
import * as offerRoute from "~/routes/api.post-purchase.offer";
import { action as createFunnel } from "~/routes/app.funnels.new";
import { action as collectionWebhook } from "~/routes/webhooks.collections";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { answerCatalog, collectionGid, COURSE_STORE, productGid, variantGid } from "../support/shopify-catalog";
import { postPurchaseRequest, postPurchaseToken } from "../support/post-purchase-requests";
import { adminJsonPost, installShop, runRoute, webhookRequest } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "collection-shop.myshopify.com";
const OTHER_SHOP = "other-collection-shop.myshopify.com";
const COURSES = 3001;
const OTHER_COLLECTION = 3002;
const shopify = stubAdminGraphql();
let catalog: ReturnType<typeof answerCatalog>;

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  await installShop(SHOP);
  mswServer.use(shopify.handler);
  catalog = answerCatalog(shopify, Object.values(COURSE_STORE), {
    shop: SHOP,
    collections: [
      { collectionId: COURSES, title: "Courses", productIds: [COURSE_STORE.course.productId] },
      { collectionId: OTHER_COLLECTION, title: "Merch", productIds: [] },
    ],
  });
});
afterEach(() => {
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

/** A funnel triggered by the Courses collection, with post-purchase offers only. */
const collectionFunnel: FunnelFormInput = {
  name: "Courses collection",
  status: "active",
  priority: 0,
  trigger: { type: "collections", collectionIds: [collectionGid(COURSES)] },
  minSubtotal: "",
  maxSubtotal: "",
  bump: null,
  postPurchase: [
    {
      role: "upsell",
      variantId: variantGid(COURSE_STORE.coaching.variantId),
      quantity: 1,
      discount: { type: "none" },
      premium: true,
      copy: { headline: "Get 1:1 coaching", body: "Two calls.", labels: "add_to_my_order" },
    },
  ],
} as FunnelFormInput;

/** What the background worker does: here, run every due job now. */
const runJobs = () => appJobs().runDueJobs();

/** What the post-purchase page is offered after an order of one product: the upsell's title, or null. */
async function upsellOffered(product: (typeof COURSE_STORE)["course"]) {
  const referenceId = randomUUID();
  const line = { productId: product.productId, variantId: product.variantId, quantity: 1, total: product.price };
  const token = await postPurchaseToken({ shop: SHOP, referenceId, lineItems: [line] });
  const response = await runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", token, { referenceId }));
  expect(response.status).toBe(200);
  const { offers } = (await response.json()) as { offers: { id: string; productTitle: string }[] };
  return offers.find((offer) => offer.id === "upsell")?.productTitle ?? null;
}

const collectionUpdate = (collectionId: number) =>
  runRoute(
    collectionWebhook,
    webhookRequest({
      path: "/webhooks/collections",
      topic: "collections/update",
      shop: SHOP,
      payload: { id: collectionId, title: "Courses", handle: "courses" },
      webhookId: randomUUID(),
    }),
  );

describe("the shop's resolved collections (model)", () => {
  it("records each collection's products, replaces them on the next publish, and keeps shops apart", async () => {
    const courses = collectionGid(COURSES);
    const merch = collectionGid(OTHER_COLLECTION);
    await recordCollectionProducts(SHOP, new Map([[courses, [productGid(1001), productGid(1002)]], [merch, []]]));
    await recordCollectionProducts(OTHER_SHOP, new Map([[courses, [productGid(9)]]]));
    expect(await collectionProductsForShop(SHOP)).toEqual(
      new Map([
        [courses, [productGid(1001), productGid(1002)]],
        [merch, []],
      ]),
    );
    expect(await isTriggerCollection(SHOP, merch)).toBe(true);

    // The Merch funnel is gone and a product left Courses.
    await recordCollectionProducts(SHOP, new Map([[courses, [productGid(1001)]]]));
    expect(await collectionProductsForShop(SHOP)).toEqual(new Map([[courses, [productGid(1001)]]]));
    expect(await isTriggerCollection(SHOP, merch)).toBe(false);
    expect(await collectionProductsForShop(OTHER_SHOP)).toEqual(new Map([[courses, [productGid(9)]]]));

    await recordCollectionProducts(SHOP, new Map());
    expect(await collectionProductsForShop(SHOP)).toEqual(new Map());
  });

  it("reads an unreadable row as an empty collection, so its trigger matches nothing", async () => {
    await db.collectionProducts.create({ data: { shop: SHOP, collectionId: collectionGid(COURSES), productIds: '{"not":"a list"}' } });
    expect(await collectionProductsForShop(SHOP)).toEqual(new Map([[collectionGid(COURSES), []]]));
  });
});

describe("a funnel triggered by a collection", () => {
  it("gets its post-purchase offers for a purchase of a product in the collection, once published", async () => {
    const response = await runRoute(createFunnel, adminJsonPost("/app/funnels/new", SHOP, { intent: "save", funnel: collectionFunnel }));
    expect(response.status).toBe(302);
    await runJobs();
    expect(await collectionProductsForShop(SHOP)).toEqual(new Map([[collectionGid(COURSES), [productGid(COURSE_STORE.course.productId)]]]));

    expect(await upsellOffered(COURSE_STORE.course)).toBe("1:1 Coaching Add-on");
    expect(await upsellOffered(COURSE_STORE.workbook)).toBeNull();
  });

  it("follows the collection: a collections/update publishes again, and the new member triggers the offers", async () => {
    await runRoute(createFunnel, adminJsonPost("/app/funnels/new", SHOP, { intent: "save", funnel: collectionFunnel }));
    await runJobs();
    catalog.setCollectionProducts(COURSES, [COURSE_STORE.course.productId, COURSE_STORE.workbook.productId]);
    shopify.calls.length = 0;

    const response = await collectionUpdate(COURSES);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Upstack-Webhook")).toBe("acted");
    // The webhook only queued the publish: Shopify is asked when the job runs.
    expect(shopify.calls).toEqual([]);
    await runJobs();
    expect(shopify.calls.some((call) => call.operationName === "UpstackCollectionProducts")).toBe(true);
    expect(await db.publication.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ state: "published" });
    expect(await upsellOffered(COURSE_STORE.workbook)).toBe("1:1 Coaching Add-on");
  });

  it("a collections/delete of a trigger collection publishes again: the funnel then matches nothing", async () => {
    await runRoute(createFunnel, adminJsonPost("/app/funnels/new", SHOP, { intent: "save", funnel: collectionFunnel }));
    await runJobs();
    catalog.setCollectionProducts(COURSES, []);
    const response = await runRoute(
      collectionWebhook,
      webhookRequest({ path: "/webhooks/collections", topic: "collections/delete", shop: SHOP, payload: { id: COURSES } }),
    );
    expect(response.status).toBe(200);
    expect(await upsellOffered(COURSE_STORE.course)).toBe("1:1 Coaching Add-on"); // until the queued publish runs
    await runJobs();
    expect(await upsellOffered(COURSE_STORE.course)).toBeNull();
  });

  it("a change to a collection no active funnel uses calls nothing and publishes nothing", async () => {
    await runRoute(createFunnel, adminJsonPost("/app/funnels/new", SHOP, { intent: "save", funnel: collectionFunnel }));
    await runJobs();
    const before = await db.publication.findUniqueOrThrow({ where: { shop: SHOP } });
    shopify.calls.length = 0;
    expect((await collectionUpdate(OTHER_COLLECTION)).status).toBe(200);
    expect(shopify.calls).toEqual([]);
    expect(await db.publication.findUniqueOrThrow({ where: { shop: SHOP } })).toEqual(before);
  });

  it("answers 400 to a signed collections/update without an id, and records nothing", async () => {
    const response = await runRoute(
      collectionWebhook,
      webhookRequest({ path: "/webhooks/collections", topic: "collections/update", shop: SHOP, payload: { title: "Courses" } }),
    );
    expect(response.status).toBe(400);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
  });
});
