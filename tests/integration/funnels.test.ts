import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adviseFunnel, hasBlockingNotes } from "@upstack/core";
import db from "~/db.server";
import { appJobs } from "~/jobs/jobs.server";
import { findFunnel } from "~/models/funnel.server";
import type { FunnelFormInput } from "~/forms/funnel-form";
import { action as editFunnel, loader as loadFunnel } from "~/routes/app.funnels.$id";
import { action as listAction, loader as listFunnels } from "~/routes/app.funnels._index";
import { action as createFunnel } from "~/routes/app.funnels.new";
import { action as publishingAction } from "~/routes/app.publishing";
import { action as productWebhook } from "~/routes/webhooks.products";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { answerCatalog, COURSE_STORE, productGid, variantGid } from "../support/shopify-catalog";
import { adminJsonPost, adminRequest, installShop, runRoute, webhookRequest } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "funnel-shop.myshopify.com";
const OTHER_SHOP = "other-funnel-shop.myshopify.com";
const shopify = stubAdminGraphql();
let catalog: ReturnType<typeof answerCatalog>;

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  for (const shop of [SHOP, OTHER_SHOP]) await installShop(shop);
  mswServer.use(shopify.handler);
  catalog = answerCatalog(shopify, Object.values(COURSE_STORE), { shop: SHOP });
});
afterEach(() => {
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

/** The course-creator stack: $97 course, workbook bump 25% off ($27), $197 coaching, $47 Q&A pass. */
function courseFunnel(overrides: Partial<FunnelFormInput> = {}): FunnelFormInput {
  return {
    name: "Course stack",
    status: "active",
    priority: 0,
    trigger: { type: "products", productIds: [productGid(COURSE_STORE.course.productId)] },
    minSubtotal: "",
    maxSubtotal: "",
    bump: {
      variantId: variantGid(COURSE_STORE.workbook.variantId),
      quantity: 1,
      discount: { type: "percentage", percent: 25 },
      copy: {
        title: "Add the workbook",
        description: "Worksheets for every lesson. Finish the course faster.",
        checkboxLabel: "Yes, add it to my order",
      },
    },
    postPurchase: [
      {
        role: "upsell",
        variantId: variantGid(COURSE_STORE.coaching.variantId),
        quantity: 1,
        discount: { type: "none" },
        premium: true,
        copy: { headline: "Get 1:1 coaching", body: "Two calls.", labels: "add_to_my_order" },
      },
      {
        role: "downsell",
        variantId: variantGid(COURSE_STORE.qa.variantId),
        quantity: 1,
        discount: { type: "none" },
        premium: false,
        copy: { headline: "Join the group Q&A", body: "Monthly calls.", labels: "add_to_my_order" },
      },
    ],
    ...overrides,
  } as FunnelFormInput;
}

/** Shopify's products/update for one product (it also comes when the product's stock changes), and the publish it queues. */
/** The form's post-purchase offers with the upsell's copy changed (to test what Shopify's review requires of it). */
const withUpsellCopy = (copy: Record<string, unknown>) =>
  courseFunnel().postPurchase.map((offer, index) => (index === 0 ? { ...offer, copy: { ...offer.copy, ...copy } } : offer));

async function productUpdate(productId: number) {
  const response = await runRoute(
    productWebhook,
    webhookRequest({ path: "/webhooks/products", topic: "products/update", shop: SHOP, payload: { id: productId }, webhookId: randomUUID() }),
  );
  await appJobs().runDueJobs();
  return response;
}

const save = (funnel: unknown, shop = SHOP) =>
  runRoute(createFunnel, adminJsonPost("/app/funnels/new", shop, { intent: "save", funnel }));

async function savedFunnelId(response: Response) {
  expect(response.status).toBe(302);
  const id = response.headers.get("Location")?.match(/\/app\/funnels\/([^?]+)\?saved=1$/)?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** What the background worker does: here, run every due job now. */
const runJobs = () => appJobs().runDueJobs();

/** The publishing state the funnels page shows. */
async function publishingShown() {
  const list = (await (await runRoute(listFunnels, adminRequest("/app/funnels", SHOP))).json()) as {
    publishing: { state: string; error?: string | null; retryAt?: string } | null;
  };
  return list.publishing;
}

/** The banner's "Try again now". */
function tryAgainNow() {
  const form = new FormData();
  form.set("intent", "publish");
  return runRoute(publishingAction, adminRequest("/app/publishing", SHOP, "fetch", { method: "POST", body: form }));
}

const mutations = () => shopify.calls.filter((call) => call.operationName.startsWith("UpstackPublishMetafields") || call.operationName === "UpstackCreateBumpDiscount");

describe("saving a funnel", () => {
  it("stores the funnel with the products as Shopify describes them, not as the form claims", async () => {
    const claimed = courseFunnel();
    (claimed.bump as Record<string, unknown>).price = "0.01"; // a forged price is ignored
    const id = await savedFunnelId(await save(claimed));
    const row = await db.funnel.findFirstOrThrow({ where: { id, shop: SHOP } });
    const definition = JSON.parse(row.definition);
    expect(definition.bump.product).toEqual({
      productId: productGid(1002),
      variantId: variantGid(2002),
      title: "Course Workbook",
      variantTitle: null,
      imageUrl: null,
      price: { amount: 3600, currency: "USD" },
    });
    expect(definition.trigger.match.products.map((p: { title: string }) => p.title)).toEqual(["Launch Your Course"]);
    expect(definition.postPurchase.upsell.premium).toBe(true);
    expect(row).toMatchObject({ name: "Course stack", status: "active" });
  });

  it("publishes the checkout document and creates the bump discount with its config, in the background", async () => {
    await savedFunnelId(await save(courseFunnel()));
    // The save only queued the publish: the page says so, and nothing has gone to Shopify yet.
    expect(mutations()).toEqual([]);
    expect(await publishingShown()).toEqual({ state: "publishing" });
    expect(await runJobs()).toBe(1);
    expect(await publishingShown()).toMatchObject({ state: "live" });
    const [set, create] = mutations();
    expect(set?.operationName).toBe("UpstackPublishMetafields");
    const [checkout] = set!.variables!.metafields as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
    expect(checkout).toMatchObject({ ownerId: "gid://shopify/Shop/1", namespace: "$app:upstack", key: "checkout_config", type: "json" });
    const document = JSON.parse(checkout!.value);
    expect(document).toMatchObject({
      v: 1,
      currency: "USD",
      eventsUrl: "https://upstack.test/api/checkout/events",
      funnels: [
        {
          trigger: { kind: "products", productIds: [productGid(1001)] },
          bump: { variantId: variantGid(2002), title: "Course Workbook", regularUnitPrice: 3600, offerUnitPrice: 2700 },
        },
      ],
    });
    expect(create?.operationName).toBe("UpstackCreateBumpDiscount");
    const discount = create!.variables!.discount as { functionHandle: string; discountClasses: string[]; metafields: { key: string; value: string }[] };
    expect(discount.functionHandle).toBe("bump-discount");
    expect(discount.discountClasses).toEqual(["PRODUCT"]);
    expect(JSON.parse(discount.metafields[0]!.value)).toEqual({
      v: 1,
      c: "USD",
      m: "Add-on offer",
      f: [{ b: 2002, q: 1, p: [1001], d: 25 }],
    });
    const publication = await db.publication.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(publication).toMatchObject({ state: "published", discountId: "gid://shopify/DiscountAutomaticNode/77", lastError: null });
  });

  it("saves despite the advisor's warning: a $197 bump on a $97 course", async () => {
    const funnel = courseFunnel();
    funnel.bump!.discount = { type: "none" };
    funnel.bump!.variantId = variantGid(COURSE_STORE.coaching.variantId);
    const id = await savedFunnelId(await save(funnel));
    const saved = await findFunnel(SHOP, id);
    // The case really is a warning, not an error: otherwise this test proves nothing.
    const notes = adviseFunnel(saved!);
    expect(notes.map((note) => [note.rule, note.severity])).toContainEqual(["bump_too_expensive", "warning"]);
    expect(hasBlockingNotes(notes)).toBe(false);
  });

  it.each([
    ["an empty name", { name: " " }, "name", /Enter a name/],
    ["a discount over 100%", { bump: { ...courseFunnel().bump!, discount: { type: "percentage", percent: 150 } } }, "bump.discount.percent", /more than 100%/],
    ["a negative amount off", { bump: { ...courseFunnel().bump!, discount: { type: "fixed_amount", amount: "-5" } } }, "bump.discount.amount", /not negative/],
    ["a zero quantity", { bump: { ...courseFunnel().bump!, quantity: 0 } }, "bump.quantity", /at least 1/],
    [
      "more than three post-purchase offers",
      { postPurchase: [...courseFunnel().postPurchase, ...courseFunnel().postPurchase] },
      "postPurchase",
      /At most three/,
    ],
    ["a typed-in product id", { bump: { ...courseFunnel().bump!, variantId: "2002" } }, "bump.variantId", /product picker/],
    ["no offer at all", { bump: null, postPurchase: [] }, "bump", /needs an offer/],
    // Shopify's review: the banner at the top of the post-purchase page must say what is offered.
    ["an empty post-purchase headline", { postPurchase: withUpsellCopy({ headline: "  " }) }, "postPurchase.0.copy.headline", /Enter a headline/],
    ["an empty post-purchase body", { postPurchase: withUpsellCopy({ body: "  " }) }, "postPurchase.0.copy.body", /Enter a short/],
    [
      "free-text button labels",
      { postPurchase: withUpsellCopy({ labels: undefined, acceptLabel: "Buy now" }) },
      "postPurchase.0.copy.labels",
      /button wordings/,
    ],
  ])("answers 422 with a field error for %s, and saves nothing", async (_, overrides, field, message) => {
    const response = await save(courseFunnel(overrides as Partial<FunnelFormInput>));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors[field]).toMatch(message);
    expect(await db.funnel.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 422 when a product is archived or deleted in Shopify", async () => {
    const archived = courseFunnel();
    archived.bump!.variantId = variantGid(COURSE_STORE.archived.variantId);
    const response = await save(archived);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { fieldErrors: Record<string, string> }).fieldErrors["bump.variantId"]).toMatch(/archived/);

    const deleted = courseFunnel();
    deleted.postPurchase[1]!.variantId = variantGid(999999);
    const gone = await save(deleted);
    expect(((await gone.json()) as { fieldErrors: Record<string, string> }).fieldErrors["postPurchase.1.variantId"]).toMatch(/no longer exists/);
    expect(await db.funnel.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 422 for the advisor's errors: a discount that makes the bump free", async () => {
    const free = courseFunnel();
    free.bump!.discount = { type: "fixed_amount", amount: "36.00" };
    const response = await save(free);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fieldErrors: Record<string, string>; notes: { severity: string }[] };
    expect(Object.keys(body.fieldErrors).some((field) => field.startsWith("bump.discount"))).toBe(true);
    expect(body.notes.some((note) => note.severity === "error")).toBe(true);
    expect(await db.funnel.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("a create posted twice", () => {
  /** The editor's save, as two tabs' or a double click's requests carry it: one key per editor session. */
  const withKey = (key: string) => ({ ...courseFunnel(), idempotencyKey: key });

  it("makes one funnel when the same create arrives concurrently, and both requests open it", async () => {
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 6 }, () => save(withKey(key))));
    const ids = await Promise.all(responses.map(savedFunnelId));
    const rows = await db.funnel.findMany({ where: { shop: SHOP } });
    expect(rows.map((row) => row.id)).toEqual([ids[0]]);
    expect(new Set(ids)).toEqual(new Set([rows[0]!.id]));
  });

  it("gives a retry after the first create finished the same funnel", async () => {
    const key = randomUUID();
    const first = await savedFunnelId(await save(withKey(key)));
    expect(await savedFunnelId(await save(withKey(key)))).toBe(first);
    expect(await db.funnel.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("keeps editor sessions apart: another key, or another shop with the same key, makes its own funnel", async () => {
    const key = randomUUID();
    const mine = await savedFunnelId(await save(withKey(key)));
    const another = await savedFunnelId(await save(withKey(randomUUID())));
    const otherShop = await savedFunnelId(await save(withKey(key), OTHER_SHOP));
    expect(new Set([mine, another, otherShop]).size).toBe(3);
    expect(await db.funnel.count({ where: { shop: SHOP } })).toBe(2);
    expect(await db.funnel.count({ where: { shop: OTHER_SHOP } })).toBe(1);
  });

  it("answers 422 for a key that is not the editor's", async () => {
    const response = await save(withKey("1; drop table"));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { fieldErrors: Record<string, string> }).fieldErrors.idempotencyKey).toMatch(/Reload/);
    expect(await db.funnel.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("funnels belong to their shop", () => {
  it("another shop's funnel id is a 404 for the editor's loader and action", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    const load = await runRoute(loadFunnel, adminRequest(`/app/funnels/${id}`, OTHER_SHOP), { id });
    expect(load.status).toBe(404);
    expect(await load.text()).not.toContain("Course stack");
    const edit = await runRoute(editFunnel, adminJsonPost(`/app/funnels/${id}`, OTHER_SHOP, { intent: "delete" }), { id });
    expect(edit.status).toBe(404);
    expect(await db.funnel.count({ where: { id } })).toBe(1);
  });

  it("bulk status changes touch only this shop's funnels", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    const form = new FormData();
    form.set("intent", "set-status");
    form.set("status", "paused");
    form.append("id", id);
    const response = await runRoute(listAction, adminRequest("/app/funnels", OTHER_SHOP, "fetch", { method: "POST", body: form }));
    expect(((await response.json()) as { updated: number }).updated).toBe(0);
    expect((await db.funnel.findUniqueOrThrow({ where: { id } })).status).toBe("active");
  });
});

describe("editing and deleting", () => {
  it("saves an edit and answers that the publish is queued", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    const response = await runRoute(
      editFunnel,
      adminJsonPost(`/app/funnels/${id}`, SHOP, { intent: "save", funnel: courseFunnel({ name: "Renamed stack", priority: 5 }) }),
      { id },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, funnelId: id, publish: "queued" });
    expect(await db.funnel.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Renamed stack", priority: 5 });
  });

  it("deletes a funnel and takes its bump out of checkout", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    shopify.calls.length = 0;
    const response = await runRoute(editFunnel, adminJsonPost(`/app/funnels/${id}`, SHOP, { intent: "delete" }), { id });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/app/funnels");
    expect(await db.funnel.count({ where: { id } })).toBe(0);
    await runJobs();
    const set = shopify.calls.find((call) => call.operationName === "UpstackPublishMetafields");
    const checkout = (set!.variables!.metafields as { key: string; value: string }[]).find((m) => m.key === "checkout_config");
    expect(JSON.parse(checkout!.value).funnels).toEqual([]);
  });

  it("answers 400 to an action it does not know", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    const response = await runRoute(editFunnel, adminJsonPost(`/app/funnels/${id}`, SHOP, { intent: "launch" }), { id });
    expect(response.status).toBe(400);
  });
});

describe("the funnels list", () => {
  it("lists the shop's funnels with their trigger and offers, filtered by status", async () => {
    await savedFunnelId(await save(courseFunnel()));
    await savedFunnelId(await save(courseFunnel({ name: "Draft stack", status: "draft" })));
    const all = (await (await runRoute(listFunnels, adminRequest("/app/funnels", SHOP))).json()) as {
      funnels: { name: string; trigger: string; offers: string[] }[];
    };
    expect(all.funnels.map((f) => f.name).sort()).toEqual(["Course stack", "Draft stack"]);
    expect(all.funnels[0]).toMatchObject({ offers: ["Bump", "Upsell", "Downsell"] });
    expect(all.funnels[0]!.trigger).toContain("Launch Your Course");
    const drafts = (await (await runRoute(listFunnels, adminRequest("/app/funnels?status=draft", SHOP))).json()) as {
      funnels: { name: string }[];
    };
    expect(drafts.funnels.map((f) => f.name)).toEqual(["Draft stack"]);
  });

  it("pausing a funnel in bulk republishes checkout without its bump", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    shopify.calls.length = 0;
    const form = new FormData();
    form.set("intent", "set-status");
    form.set("status", "paused");
    form.append("id", id);
    await runRoute(listAction, adminRequest("/app/funnels", SHOP, "fetch", { method: "POST", body: form }));
    await runJobs();
    const set = shopify.calls.find((call) => call.operationName === "UpstackPublishMetafields");
    const values = (set!.variables!.metafields as { key: string; value: string }[]).map((m) => [m.key, JSON.parse(m.value)]);
    expect(Object.fromEntries(values)).toMatchObject({ checkout_config: { funnels: [] }, bump_discount_config: { f: [] } });
  });
});

describe("publishing", () => {
  it("does not send unchanged documents again", async () => {
    await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    shopify.calls.length = 0;
    await tryAgainNow();
    await runJobs();
    expect(mutations()).toEqual([]);
    expect(await publishingShown()).toMatchObject({ state: "live" });
  });

  it("the funnels page only reads: it calls Shopify for nothing, even with a publish waiting", async () => {
    await savedFunnelId(await save(courseFunnel()));
    shopify.calls.length = 0;
    expect(await publishingShown()).toEqual({ state: "publishing" });
    expect(shopify.calls).toEqual([]);
  });

  it("a publish asked for while one waits for the shop makes one job", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    await runRoute(editFunnel, adminJsonPost(`/app/funnels/${id}`, SHOP, { intent: "save", funnel: courseFunnel({ name: "Renamed" }) }), { id });
    await tryAgainNow();
    shopify.calls.length = 0;
    expect(await runJobs()).toBe(1);
    expect(mutations().map((call) => call.operationName)).toEqual(["UpstackPublishMetafields", "UpstackCreateBumpDiscount"]);
  });

  it("a refusal from Shopify keeps the funnel, shows what failed, and is retried later, or now on request", async () => {
    catalog.state.metafieldErrors = [{ field: ["metafields", "0", "value"], message: "Value is invalid JSON", code: "INVALID_VALUE" }];
    const id = await savedFunnelId(await save(courseFunnel()));
    expect(await runJobs()).toBe(1);
    expect(await db.funnel.count({ where: { id } })).toBe(1);
    expect(await db.publication.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ state: "failed", attempts: 1 });
    // The merchant sees the error and when Upstack tries again: in a minute or more, not now.
    const shown = await publishingShown();
    expect(shown).toMatchObject({ state: "retrying", error: expect.stringContaining("Value is invalid JSON") });
    expect(new Date(shown!.retryAt!).getTime()).toBeGreaterThan(Date.now() + 50_000);

    // Before the retry time, nothing hammers Shopify.
    shopify.calls.length = 0;
    expect(await runJobs()).toBe(0);
    expect(mutations()).toEqual([]);

    // Shopify accepts again and the merchant does not want to wait: "Try again now" publishes at once.
    catalog.state.metafieldErrors = [];
    expect((await tryAgainNow()).status).toBe(200);
    expect(await publishingShown()).toEqual({ state: "publishing" });
    await runJobs();
    expect(await db.publication.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ state: "published", lastError: null, attempts: 0 });
    expect(await publishingShown()).toMatchObject({ state: "live" });
  });

  it("a publish for a shop uninstalled since does nothing and is not retried", async () => {
    await savedFunnelId(await save(courseFunnel()));
    await db.session.deleteMany({ where: { shop: SHOP } });
    shopify.calls.length = 0;
    expect(await runJobs()).toBe(1);
    expect(shopify.calls).toEqual([]);
    expect(await appJobs().nextRun("publish-shop", { shop: SHOP })).toBeNull();
  });

  it("recreates the bump discount when the merchant deleted it in Shopify", async () => {
    await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    catalog.state.discountId = null;
    shopify.calls.length = 0;
    await savedFunnelId(await save(courseFunnel({ name: "Second stack" })));
    await runJobs();
    expect(shopify.calls.some((call) => call.operationName === "UpstackCreateBumpDiscount")).toBe(true);
  });

  it("says so, without truncating, when the bumps outgrow the discount's 10 KB", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    // 20 funnels, each triggered by 60 products: the discount config passes 10 KB.
    const definition = JSON.parse((await db.funnel.findUniqueOrThrow({ where: { id } })).definition);
    const core = definition.trigger.match.products[0];
    definition.trigger.match.products = Array.from({ length: 60 }, (_, i) => ({ ...core, productId: productGid(5_000_000_000_000 + i) }));
    await db.funnel.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({
        shop: SHOP,
        name: `Stack ${i}`,
        status: "active",
        definition: JSON.stringify(definition),
      })),
    });
    for (let i = 0; i < 60; i++) {
      catalog.add({ ...COURSE_STORE.course, productId: 5_000_000_000_000 + i, variantId: 6_000_000_000_000 + i });
    }
    shopify.calls.length = 0;
    await tryAgainNow();
    await runJobs();
    const publication = await db.publication.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(publication.state).toBe("failed");
    expect(publication.lastError).toMatch(/Shopify allows 10 KB/);
    expect(await publishingShown()).toMatchObject({ state: "retrying", error: expect.stringMatching(/Shopify allows 10 KB/) });
    expect(mutations()).toEqual([]);
    expect(await db.funnel.count({ where: { shop: SHOP, status: "active" } })).toBe(21);
  });

  it("a deleted product pauses its funnel and takes its bump out of checkout", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    catalog.remove(COURSE_STORE.workbook.productId);
    shopify.calls.length = 0;
    const response = await runRoute(
      productWebhook,
      webhookRequest({ path: "/webhooks/products", topic: "products/delete", shop: SHOP, payload: { id: 1002 }, webhookId: randomUUID() }),
    );
    expect(response.status).toBe(200);
    // The webhook only queued the publish: no call to Shopify while Shopify waits for the answer.
    expect(shopify.calls).toEqual([]);
    expect((await db.funnel.findUniqueOrThrow({ where: { id } })).status).toBe("active");
    expect(await runJobs()).toBe(1);
    const funnel = await db.funnel.findUniqueOrThrow({ where: { id } });
    expect(funnel.status).toBe("paused");
    expect(funnel.attention).toMatch(/no longer exists/);
    const set = shopify.calls.find((call) => call.operationName === "UpstackPublishMetafields");
    const checkout = (set!.variables!.metafields as { key: string; value: string }[]).find((m) => m.key === "checkout_config");
    expect(JSON.parse(checkout!.value).funnels).toEqual([]);
  });

  it("a price that falls below the bump's fixed discount pauses the funnel with the reason, and takes it out of checkout and the discount", async () => {
    const funnel = courseFunnel();
    funnel.bump!.discount = { type: "fixed_amount", amount: "9.00" };
    const id = await savedFunnelId(await save(funnel));
    await runJobs();
    const published = () => {
      const set = shopify.calls.findLast((call) => call.operationName === "UpstackPublishMetafields");
      return Object.fromEntries((set!.variables!.metafields as { key: string; value: string }[]).map((m) => [m.key, JSON.parse(m.value)]));
    };
    expect(published()).toMatchObject({ checkout_config: { funnels: [{ id, bump: { offerUnitPrice: 2700 } }] } });
    const created = shopify.calls.find((call) => call.operationName === "UpstackCreateBumpDiscount");
    const discount = created!.variables!.discount as { metafields: { value: string }[] };
    expect(JSON.parse(discount.metafields[0]!.value)).toMatchObject({ f: [{ b: 2002, f: 900 }] });

    // The merchant cuts the workbook's price in Shopify to $5.00: $9.00 off would give it away.
    catalog.add({ ...COURSE_STORE.workbook, price: "5.00" });
    expect((await productUpdate(COURSE_STORE.workbook.productId)).status).toBe(200);
    const row = await db.funnel.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("paused");
    expect(row.attention).toBe(
      "Paused by Upstack: This discount makes Course Workbook free ($9.00 off a $5.00 price). Shopify would give it away; lower the discount so the buyer pays something.",
    );
    expect(JSON.parse(row.definition).bump.product.price).toEqual({ amount: 500, currency: "USD" });
    expect(published()).toMatchObject({ checkout_config: { funnels: [] }, bump_discount_config: { f: [] } });
    // The funnels page shows the reason.
    const list = (await (await runRoute(listFunnels, adminRequest("/app/funnels", SHOP))).json()) as {
      funnels: { id: string; status: string; attention: string | null }[];
    };
    expect(list.funnels.find((f) => f.id === id)).toMatchObject({ status: "paused", attention: row.attention });
  });

  it("a products/update that sells out an offer keeps the funnel live and records the variant sold out, until restocked", async () => {
    const id = await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    const coaching = variantGid(COURSE_STORE.coaching.variantId);
    const update = () => productUpdate(COURSE_STORE.coaching.productId);
    expect(await db.soldOutVariant.count({ where: { shop: SHOP } })).toBe(0);

    catalog.setAvailableForSale(COURSE_STORE.coaching.variantId, false);
    expect((await update()).status).toBe(200);
    expect(await db.soldOutVariant.findMany({ where: { shop: SHOP }, select: { variantId: true } })).toEqual([{ variantId: coaching }]);
    expect((await db.funnel.findUniqueOrThrow({ where: { id } })).status).toBe("active");
    expect(await db.soldOutVariant.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    // The merchant sees it on the funnels page.
    const soldOutNote = async () => {
      const list = (await (await runRoute(listFunnels, adminRequest("/app/funnels", SHOP))).json()) as {
        funnels: { id: string; soldOut: string | null }[];
      };
      return list.funnels.find((funnel) => funnel.id === id)?.soldOut;
    };
    expect(await soldOutNote()).toBe(
      "Out of stock in Shopify: 1:1 Coaching Add-on (upsell). No post-purchase offer is shown until the upsell is back in stock.",
    );

    catalog.setAvailableForSale(COURSE_STORE.coaching.variantId, true);
    expect((await update()).status).toBe(200);
    expect(await db.soldOutVariant.count({ where: { shop: SHOP } })).toBe(0);
    expect(await soldOutNote()).toBeNull();
  });

  it("a sold-out bump leaves checkout until a products/update finds it back in stock", async () => {
    await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    const publishedFunnels = () => {
      const set = shopify.calls.findLast((call) => call.operationName === "UpstackPublishMetafields");
      const checkout = (set!.variables!.metafields as { key: string; value: string }[]).find((m) => m.key === "checkout_config");
      return (JSON.parse(checkout!.value) as { funnels: { bump: { title: string } }[] }).funnels.map((f) => f.bump.title);
    };
    const update = () => productUpdate(COURSE_STORE.workbook.productId);
    expect(publishedFunnels()).toEqual(["Course Workbook"]);

    catalog.setAvailableForSale(COURSE_STORE.workbook.variantId, false);
    expect((await update()).status).toBe(200);
    expect(publishedFunnels()).toEqual([]);
    const list = (await (await runRoute(listFunnels, adminRequest("/app/funnels", SHOP))).json()) as { funnels: { soldOut: string | null }[] };
    expect(list.funnels[0]?.soldOut).toBe("Out of stock in Shopify: Course Workbook (order bump). Buyers are not offered it until it is back in stock.");

    catalog.setAvailableForSale(COURSE_STORE.workbook.variantId, true);
    expect((await update()).status).toBe(200);
    expect(publishedFunnels()).toEqual(["Course Workbook"]);
  });

  it("a product webhook for a product no funnel uses changes nothing", async () => {
    await savedFunnelId(await save(courseFunnel()));
    await runJobs();
    shopify.calls.length = 0;
    const response = await runRoute(
      productWebhook,
      webhookRequest({ path: "/webhooks/products", topic: "products/update", shop: SHOP, payload: { id: 424242 } }),
    );
    expect(response.status).toBe(200);
    expect(await runJobs()).toBe(0);
    expect(shopify.calls).toEqual([]);
  });
});
