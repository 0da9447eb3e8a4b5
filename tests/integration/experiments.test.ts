import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Funnel,
  buildCheckoutConfig,
  buildDiscountConfig,
  checkoutArm,
  checkoutBumpFor,
  experimentArm,
  offerAttributeValue,
} from "@upstack/core";
import db from "~/db.server";
import { activeFunnels, createFunnel, findFunnel } from "~/models/funnel.server";
import { endExperiment, startExperiment } from "~/models/experiment.server";
import { experimentReports } from "~/models/experiment-results.server";
import { recordCheckoutEvents } from "~/models/offer-event.server";
import { type OrderSnapshot, saveOrder } from "~/models/order.server";
import { acceptStep, signStep } from "~/models/post-purchase.server";
import { decideAndSave } from "~/services/post-purchase.server";
import { action as editFunnel } from "~/routes/app.funnels.$id";
import { action as experimentsAction } from "~/routes/app.experiments";
import { bump, funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { answerCatalog, COURSE_STORE, variantGid } from "../support/shopify-catalog";
import { resetShop } from "../support/shop-rows";
import { adminJsonPost, installShop, runRoute } from "../support/shopify-requests";

const SHOP = "experiment-shop.myshopify.com";
const OTHER_SHOP = "experiment-bystander.myshopify.com";
const shopify = stubAdminGraphql();

const store = (key: keyof typeof COURSE_STORE) => {
  const item = COURSE_STORE[key];
  return product(item.title, Math.round(Number(item.price) * 100), { productId: item.productId, variantId: item.variantId });
};
const course = store("course");
const workbook = store("workbook");
const coaching = store("coaching");
const qa = store("qa");

let funnelId: string;

async function saveFunnel(shop: string, value: Funnel) {
  const { id: _id, createdAt: _createdAt, ...draft } = value;
  return (await createFunnel(shop, draft)).id;
}

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  for (const shop of [SHOP, OTHER_SHOP]) await installShop(shop);
  mswServer.use(shopify.handler);
  answerCatalog(shopify, Object.values(COURSE_STORE), { shop: SHOP });
  funnelId = await saveFunnel(
    SHOP,
    funnel(course, {
      bump: bump(workbook, { type: "percentage", percent: 10 }),
      postPurchase: { upsell: postPurchase(coaching), downsell: null, followUp: null },
    }),
  );
});
afterEach(() => {
  const failures = [...shopify.failures];
  shopify.reset();
  expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

const post = (shop: string, body: unknown, id = funnelId) => runRoute(editFunnel, adminJsonPost(`/app/funnels/${id}`, shop, body), { id });

/** Starts a bump test through the funnel page: the workbook at 10% (control) against the same workbook at 25%. */
async function startBumpTest(shop = SHOP) {
  const response = await post(shop, {
    intent: "startExperiment",
    experiment: {
      slot: "bump",
      controlWeight: "1",
      challengers: [{ weight: "1", variantId: "", discount: { type: "percentage", percent: "25" }, headline: "" }],
    },
  });
  return { status: response.status, body: (await response.json()) as { experiment: { ok: boolean; experimentId?: string; errors?: Record<string, string> } } };
}

/** Checkout tokens by the arm they are assigned. */
function tokensByArm(experimentId: string, count: number) {
  const byArm: Record<string, string[]> = { control: [], b: [] };
  for (let i = 0; byArm.control!.length < count || byArm.b!.length < count; i++) {
    const token = `ck-${experimentId}-${i}`;
    byArm[experimentArm({ id: experimentId, arms: [{ key: "control", weight: 1 }, { key: "b", weight: 1 }] }, token)]!.push(token);
  }
  return { control: byArm.control!.slice(0, count), b: byArm.b!.slice(0, count) };
}

function orderOf(token: string, index: number, bumpLine: { variant: typeof workbook; paid: number; attribute: string } | null, refunded = 0): OrderSnapshot {
  const placedAt = new Date();
  const lines = [
    { lineItemId: `gid://shopify/LineItem/${index}1`, productId: course.productId, variantId: course.variantId, quantity: 1, paid: { shop: 9700, presentment: 9700 }, offerAttribute: null, hasBumpDiscount: false, discountCodes: [] },
    ...(bumpLine
      ? [{ lineItemId: `gid://shopify/LineItem/${index}2`, productId: bumpLine.variant.productId, variantId: bumpLine.variant.variantId, quantity: 1, paid: { shop: bumpLine.paid, presentment: bumpLine.paid }, offerAttribute: bumpLine.attribute, hasBumpDiscount: true, discountCodes: [] }]
      : []),
  ];
  return {
    orderId: `gid://shopify/Order/${index}`,
    placedAt,
    updatedAt: placedAt,
    checkoutToken: token,
    customerId: null,
    shopCurrency: "USD",
    presentmentCurrency: "USD",
    total: { shop: 9700 + (bumpLine?.paid ?? 0), presentment: 9700 + (bumpLine?.paid ?? 0) },
    lines,
    refunds: refunded
      ? [{ refundId: `gid://shopify/Refund/${index}`, orderId: `gid://shopify/Order/${index}`, createdAt: placedAt, lines: [{ lineItemId: `gid://shopify/LineItem/${index}2`, quantity: 1, amountShop: refunded, amountPresentment: refunded }] }]
      : [],
  };
}

describe("starting an experiment", () => {
  it("starts a bump test from the funnel page; every surface's config then carries both arms", async () => {
    const { status, body } = await startBumpTest();
    expect(status).toBe(200);
    expect(body.experiment.ok).toBe(true);
    const funnels = await activeFunnels(SHOP);
    expect(funnels[0]?.experiments?.map((experiment) => experiment.arms.map((arm) => arm.key))).toEqual([["control", "b"]]);
    const discount = buildDiscountConfig(funnels, "USD").config;
    expect(discount.f.map((entry) => [entry.d, entry.k])).toEqual([[10, undefined], [25, "b"]]);
    expect(buildCheckoutConfig(funnels, "USD").funnels[0]?.experiment?.arms.map((arm) => arm.key)).toEqual(["control", "b"]);
  });

  it("answers field errors for bad weights and a variant identical to the current offer", async () => {
    const response = await post(SHOP, {
      intent: "startExperiment",
      experiment: {
        slot: "bump",
        controlWeight: "0",
        challengers: [{ weight: "1", variantId: variantGid(COURSE_STORE.workbook.variantId), discount: { type: "percentage", percent: "10" }, headline: "" }],
      },
    });
    expect(response.status).toBe(422);
    const { experiment } = (await response.json()) as { experiment: { errors: Record<string, string> } };
    expect(experiment.errors).toEqual({
      controlWeight: expect.stringContaining("whole weight") as string,
      "challengers.0.offer": expect.stringContaining("identical to the current offer") as string,
    });
    expect(await db.experiment.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("runs one experiment per offer, even when two starts race", async () => {
    const draft = { slot: "bump" as const, controlWeight: 1, challengers: [{ weight: 1, offer: bump(workbook, { type: "percentage", percent: 30 }) }] };
    const results = await Promise.all([startExperiment(SHOP, funnelId, draft), startExperiment(SHOP, funnelId, draft)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ errors: { slot: expect.stringContaining("already running") as string } });
    expect(await db.experiment.count({ where: { shop: SHOP, running: 1 } })).toBe(1);
  });

  it("refuses another shop's funnel and experiment ids", async () => {
    const { body } = await startBumpTest();
    const experimentId = body.experiment.experimentId!;
    const foreignStart = await post(OTHER_SHOP, { intent: "startExperiment", experiment: { slot: "bump", controlWeight: "1", challengers: [{ weight: "1", variantId: "", discount: { type: "percentage", percent: "30" }, headline: "" }] } });
    expect(foreignStart.status).toBe(404);
    const otherFunnel = await saveFunnel(OTHER_SHOP, funnel(course, { bump: bump(workbook) }));
    const foreignPromote = await post(OTHER_SHOP, { intent: "promoteArm", experimentId, arm: "b" }, otherFunnel);
    expect(foreignPromote.status).toBe(404);
    const foreignStop = await post(OTHER_SHOP, { intent: "stopExperiment", experimentId }, otherFunnel);
    expect(foreignStop.status).toBe(404);
    expect(await db.experiment.findUnique({ where: { id: experimentId } })).toMatchObject({ running: 1, endedAt: null });
    expect(await experimentReports(OTHER_SHOP)).toEqual([]);
  });
});

describe("one purchase sees one arm on every surface", () => {
  it("the checkout card, the recorded events and the attributed order line agree on the arm, and events refuse another arm's variant", async () => {
    await startBumpTest();
    const funnels = await activeFunnels(SHOP);
    const experimentId = funnels[0]!.experiments![0]!.id;
    const tokens = tokensByArm(experimentId, 1);
    const checkout = buildCheckoutConfig(funnels, "USD");
    const cart = { lines: [{ productId: course.productId, variantId: course.variantId, quantity: 1 }], subtotal: { amount: 9700, currency: "USD" } };
    const shown = checkoutBumpFor(checkout, cart, (entry) => checkoutArm(entry, tokens.b[0]!));
    expect(shown).toMatchObject({ arm: "b", offerUnitPrice: 2700 });

    const recorded = await recordCheckoutEvents(SHOP, { checkoutToken: tokens.b[0]!, customerId: null }, [
      { type: "impression", funnelId, variantId: workbook.variantId },
      { type: "accept", funnelId, variantId: workbook.variantId },
    ]);
    expect(recorded).toEqual({ ok: true, recorded: 2 });
    expect(await db.offerEvent.findMany({ where: { shop: SHOP }, select: { arm: true, experimentId: true } })).toEqual([
      { arm: "b", experimentId },
      { arm: "b", experimentId },
    ]);
    // A variant this checkout's arm does not offer is refused.
    expect(await recordCheckoutEvents(SHOP, { checkoutToken: tokens.b[0]!, customerId: null }, [{ type: "impression", funnelId, variantId: qa.variantId }])).toMatchObject({ ok: false });

    await db.$transaction((tx) => saveOrder(tx, SHOP, orderOf(tokens.b[0]!, 1, { variant: workbook, paid: 2700, attribute: offerAttributeValue(funnelId, "b") })));
    expect(await db.orderOfferLine.findMany({ where: { shop: SHOP }, select: { offer: true, arm: true, experimentId: true } })).toEqual([
      { offer: "bump", arm: "b", experimentId },
    ]);
  });

  it("a forged attribute does not move a purchase to another arm in the results", async () => {
    await startBumpTest();
    const experimentId = (await activeFunnels(SHOP))[0]!.experiments![0]!.id;
    const [control] = tokensByArm(experimentId, 1).control;
    await db.$transaction((tx) => saveOrder(tx, SHOP, orderOf(control!, 2, { variant: workbook, paid: 2700, attribute: offerAttributeValue(funnelId, "b") })));
    expect(await db.orderOfferLine.findFirst({ where: { shop: SHOP }, select: { arm: true } })).toEqual({ arm: "control" });
  });

  it("the post-purchase page shows the purchase's upsell arm, records it on events, and the order line carries it", async () => {
    const started = await startExperiment(SHOP, funnelId, {
      slot: "upsell",
      controlWeight: 1,
      challengers: [{ weight: 1, offer: postPurchase(qa, { discount: { type: "percentage", percent: 20 } }) }],
    });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    const experimentId = started.experiment.id;
    const tokens = tokensByArm(experimentId, 3);
    const facts = { purchase: { lines: [{ productId: course.productId, variantId: course.variantId, quantity: 1 }], subtotal: { amount: 9700, currency: "USD" } }, currency: "USD" };
    for (const [arm, list] of Object.entries(tokens)) {
      for (const token of list) {
        const decision = await decideAndSave(SHOP, { referenceId: token, customerId: null }, facts, "post_purchase");
        expect(decision?.sequence.upsell?.product.variantId).toBe(arm === "b" ? qa.variantId : coaching.variantId);
        expect(decision?.assignments).toEqual({ upsell: { experimentId, arm } });
        // Asked again (a reload): the same decision.
        expect((await decideAndSave(SHOP, { referenceId: token, customerId: null }, facts, "post_purchase"))?.sequence).toEqual(decision?.sequence);
      }
    }
    const token = tokens.b[0]!;
    await signStep(SHOP, token, "upsell");
    expect(await acceptStep(SHOP, token, "upsell")).toBe(true);
    expect(await db.offerEvent.findFirst({ where: { shop: SHOP, purchaseKey: token, type: "accept" }, select: { arm: true, experimentId: true } })).toEqual({
      arm: "b",
      experimentId,
    });
    const order = orderOf(token, 3, null);
    order.lines.push({ lineItemId: "gid://shopify/LineItem/39", productId: qa.productId, variantId: qa.variantId, quantity: 1, paid: { shop: 3760, presentment: 3760 }, offerAttribute: null, hasBumpDiscount: false, discountCodes: [] });
    await db.$transaction((tx) => saveOrder(tx, SHOP, order));
    expect(await db.orderOfferLine.findFirst({ where: { shop: SHOP }, select: { offer: true, arm: true } })).toEqual({ offer: "upsell", arm: "b" });
  });
});

describe("results and promoting a winner", () => {
  it("reports per arm what a merchant can check by hand, then promotes the variant into the funnel and ends the test", async () => {
    await startBumpTest();
    const experimentId = (await activeFunnels(SHOP))[0]!.experiments![0]!.id;
    const tokens = tokensByArm(experimentId, 4);
    // Control: 4 saw it, 1 took it ($32.40). B: 4 saw it, 2 took it ($27.00 each), one refunded $10.00.
    for (const token of [...tokens.control, ...tokens.b]) {
      const result = await recordCheckoutEvents(SHOP, { checkoutToken: token, customerId: null }, [{ type: "impression", funnelId, variantId: workbook.variantId }]);
      expect(result).toEqual({ ok: true, recorded: 1 });
    }
    const attribute = (arm: string) => offerAttributeValue(funnelId, arm);
    await db.$transaction(async (tx) => {
      await saveOrder(tx, SHOP, orderOf(tokens.control[0]!, 11, { variant: workbook, paid: 3240, attribute: attribute("control") }));
      await saveOrder(tx, SHOP, orderOf(tokens.control[1]!, 12, null));
      await saveOrder(tx, SHOP, orderOf(tokens.b[0]!, 13, { variant: workbook, paid: 2700, attribute: attribute("b") }));
      await saveOrder(tx, SHOP, orderOf(tokens.b[1]!, 14, { variant: workbook, paid: 2700, attribute: attribute("b") }, 1000));
    });

    const [report] = await experimentReports(SHOP, { funnelId });
    expect(report).toMatchObject({ status: "not_enough_data", winner: null, endedAt: null, horizon: 1000 });
    expect(report?.message).toMatch(/Not enough data yet/);
    expect(report?.arms.map(({ key, exposed, accepts, revenue, takeRate, revenuePerExposure }) => ({ key, exposed, accepts, revenue, takeRate, revenuePerExposure }))).toEqual([
      { key: "control", exposed: 4, accepts: 1, revenue: 3240, takeRate: 0.25, revenuePerExposure: 810 },
      { key: "b", exposed: 4, accepts: 2, revenue: 4400, takeRate: 0.5, revenuePerExposure: 1100 },
    ]);

    // The merchant promotes B (their call: the test has no verdict yet).
    const promoted = await post(SHOP, { intent: "promoteArm", experimentId, arm: "b" });
    expect(promoted.status).toBe(200);
    const after = await findFunnel(SHOP, funnelId);
    expect(after?.bump?.discount).toEqual({ type: "percentage", percent: 25 });
    expect(after?.experiments).toBeUndefined();
    expect(buildDiscountConfig(await activeFunnels(SHOP), "USD").config.f.map((entry) => [entry.d, entry.k])).toEqual([[25, undefined]]);

    // Ended, its results kept; a second promote or stop is refused.
    const [ended] = await experimentReports(SHOP, { funnelId });
    expect(ended).toMatchObject({ promoted: "b", endedAt: expect.any(String) as string });
    expect(ended?.arms.map((arm) => arm.exposed)).toEqual([4, 4]);
    expect((await post(SHOP, { intent: "stopExperiment", experimentId })).status).toBe(409);
    expect(await endExperiment(SHOP, experimentId, "control")).toMatchObject({ ok: false, status: 409 });
    // A new test can start on the same offer; the old variant is now the current offer, so testing it again is refused.
    expect((await startBumpTest()).body.experiment.errors).toEqual({ "challengers.0.offer": expect.stringContaining("identical") as string });
    const next = { slot: "bump" as const, controlWeight: 1, challengers: [{ weight: 1, offer: bump(workbook, { type: "percentage", percent: 30 }) }] };
    expect(await startExperiment(SHOP, funnelId, next)).toMatchObject({ ok: true });
  });

  it("the dashboard's route promotes and stops this shop's experiments only", async () => {
    const { body } = await startBumpTest();
    const experimentId = body.experiment.experimentId!;
    const dashboard = (shop: string, payload: unknown) => runRoute(experimentsAction, adminJsonPost("/app/experiments", shop, payload));
    expect((await dashboard(SHOP, { intent: "startExperiment" })).status).toBe(400);
    expect((await dashboard(OTHER_SHOP, { intent: "promoteArm", experimentId, arm: "b" })).status).toBe(404);
    expect((await dashboard(SHOP, { intent: "promoteArm", experimentId, arm: "z" })).status).toBe(404);
    expect((await dashboard(SHOP, { intent: "promoteArm", experimentId, arm: "b" })).status).toBe(200);
    expect((await findFunnel(SHOP, funnelId))?.bump?.discount).toEqual({ type: "percentage", percent: 25 });
  });

  it("stopping keeps the offer as it was", async () => {
    const { body } = await startBumpTest();
    expect((await post(SHOP, { intent: "stopExperiment", experimentId: body.experiment.experimentId })).status).toBe(200);
    const after = await findFunnel(SHOP, funnelId);
    expect(after?.bump?.discount).toEqual({ type: "percentage", percent: 10 });
    expect(after?.experiments).toBeUndefined();
  });
});
