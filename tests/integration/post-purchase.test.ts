import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import {
  type Funnel,
  type PostPurchaseSequence,
  isHeldOut,
  offerPrice,
  postPurchaseOfferPayload,
  postPurchaseOfferView,
  sequenceSteps,
} from "@upstack/core";
import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { createFunnel, setFunnelStatus, updateFunnel } from "~/models/funnel.server";
import { saveHoldoutPercent } from "~/models/shop-settings.server";
import { recordSoldOutVariants } from "~/models/sold-out-variant.server";
import * as eventsRoute from "~/routes/api.post-purchase.events";
import * as offerRoute from "~/routes/api.post-purchase.offer";
import * as pingRoute from "~/routes/api.post-purchase.ping";
import * as signRoute from "~/routes/api.post-purchase.sign";
import { action as compliance } from "~/routes/webhooks.compliance";
import { funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { type PostPurchaseTokenOptions, type TestLineItem, postPurchaseRequest, postPurchaseToken } from "../support/post-purchase-requests";
import { TEST_APP, runRoute, webhookRequest } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

const SHOP = "pp-shop.myshopify.com";
const OTHER_SHOP = "pp-rival.myshopify.com";
const BUYER = 7001;

const course = product("Video course", 9700, { productId: 8_100_000_000_001, variantId: 44_100_000_000_001 });
const ebook = product("E-book", 1900, { productId: 8_100_000_000_002, variantId: 44_100_000_000_002 });
const coaching = product("Coaching call", 19_700, { productId: 8_100_000_000_003, variantId: 44_100_000_000_003 });
const qaPass = product("Group Q&A pass", 4700, { productId: 8_100_000_000_004, variantId: 44_100_000_000_004 });
const templates = product("Templates pack", 1900, { productId: 8_100_000_000_005, variantId: 44_100_000_000_005 });

const upsell = postPurchase(coaching, { discount: { type: "percentage", percent: 20 }, premium: true });
const downsell = postPurchase(qaPass, { discount: { type: "fixed_amount", amount: 500 } });
const followUp = postPurchase(templates, { quantity: 2 });

const courseLine: TestLineItem = { productId: 8_100_000_000_001, variantId: 44_100_000_000_001, quantity: 1, total: "97.00" };
const ebookLine: TestLineItem = { productId: 8_100_000_000_002, variantId: 44_100_000_000_002, quantity: 1, total: "19.00" };

type Route = { action: (args: LoaderFunctionArgs) => unknown; loader: (args: LoaderFunctionArgs) => unknown };

let courseFunnelId: string;

async function saveFunnel(shop: string, value: Funnel) {
  const { id: _id, createdAt: _createdAt, ...draft } = value;
  return (await createFunnel(shop, draft)).id;
}

beforeEach(async () => {
  await resetShop(SHOP, OTHER_SHOP);
  courseFunnelId = await saveFunnel(SHOP, funnel(course, { name: "Course", postPurchase: { upsell, downsell, followUp } }));
  // The e-book funnel has an upsell but no downsell or follow-up.
  await saveFunnel(SHOP, funnel(ebook, { name: "E-book", postPurchase: { upsell: postPurchase(templates), downsell: null, followUp: null } }));
});

const token = (options: Partial<PostPurchaseTokenOptions> & { referenceId: string }) =>
  postPurchaseToken({ shop: SHOP, lineItems: [courseLine], ...options });

async function call(route: Route, path: string, body: unknown, options: Partial<PostPurchaseTokenOptions> & { token?: string } = {}) {
  const referenceId = (body as { referenceId?: string } | undefined)?.referenceId ?? "ref";
  const bearer = options.token ?? (await token({ referenceId, ...options }));
  return runRoute(route.action, postPurchaseRequest(path, bearer, body));
}

const offer = (referenceId: string, options: Parameters<typeof call>[3] = {}, extra: object = {}) =>
  call(offerRoute, "/api/post-purchase/offer", { referenceId, ...extra }, options);
const sign = (body: object, options: Parameters<typeof call>[3] = {}) => call(signRoute, "/api/post-purchase/sign", body, options);
const event = (body: object, options: Parameters<typeof call>[3] = {}) => call(eventsRoute, "/api/post-purchase/events", body, options);

async function signedToken(referenceId: string, offerId: string) {
  const response = await sign({ referenceId, offerId });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Decodes a JWT and checks its HS256 signature by recomputing the HMAC with node:crypto, independently of the app. */
function verifyIndependently(jwt: string, secret = TEST_APP.apiSecret) {
  const [header, payload, signature] = jwt.split(".");
  if (!header || !payload || !signature) throw new Error("not a JWT");
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  return {
    valid: given.length === expected.length && timingSafeEqual(given, expected),
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>,
  };
}

const errorOf = async (response: Response) => (await response.json()) as { error: string; code: string };

describe("post-purchase token", () => {
  it("accepts Shopify's post-purchase token and answers with CORS", async () => {
    const response = await offer("ref-valid");
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it.each([
    ["an expired token", { exp: Math.floor(Date.now() / 1000) - 60 }],
    ["a forged token (another secret)", { secret: "not-our-secret" }],
    ["a token Shopify did not issue for post-purchase (iss is not shopify)", { iss: "pp-shop.myshopify.com/admin" }],
    ["a token without exp issued two hours ago", { exp: null, iat: Math.floor(Date.now() / 1000) - 7200 }],
  ])("answers 401 with CORS and a reason to %s, and decides nothing", async (_, options) => {
    const response = await offer("ref-bad", options);
    expect(response.status).toBe(401);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await errorOf(response)).code).toBe("invalid_token");
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("accepts a token without exp that was issued just now", async () => {
    expect((await offer("ref-no-exp", { exp: null })).status).toBe(200);
  });

  it("answers 401 to an admin/checkout session token, though it is signed with the same secret", async () => {
    const { token: sessionToken } = await getJwt("pp-shop", TEST_APP.apiKey, TEST_APP.apiSecret);
    const response = await offer("ref-session", { token: sessionToken });
    expect(response.status).toBe(401);
  });

  it("answers 401 to a checkout session token without dest, on every endpoint", async () => {
    const { token: noDest } = await getJwt("pp-shop", TEST_APP.apiKey, TEST_APP.apiSecret, { dest: undefined } as never);
    for (const response of [
      await offer("ref-no-dest", { token: noDest }),
      await sign({ referenceId: "ref-no-dest", offerId: "upsell" }, { token: noDest }),
      await event({ referenceId: "ref-no-dest", offerId: "upsell", type: "impression" }, { token: noDest }),
    ]) {
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe("invalid_token");
    }
  });

  it("answers 401 to another shop's token speaking of this shop's purchase", async () => {
    await offer("ref-mine");
    const theirs = await postPurchaseToken({ shop: OTHER_SHOP, referenceId: "ref-theirs", lineItems: [courseLine] });
    const response = await offer("ref-mine", { token: theirs });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe("other_purchase");
  });

  it("takes the shop from the token only: another shop with the same reference id sees none of this shop's offers", async () => {
    await offer("ref-shared");
    const theirs = await postPurchaseToken({ shop: OTHER_SHOP, referenceId: "ref-shared", lineItems: [courseLine] });
    const response = await offer("ref-shared", { token: theirs });
    expect(await response.json()).toEqual({ referenceId: "ref-shared", offers: [] });
    const signing = await sign({ referenceId: "ref-shared", offerId: "upsell" }, { token: theirs });
    expect(signing.status).toBe(404);
    expect((await errorOf(signing)).code).toBe("no_decision");
  });
});

describe("POST /api/post-purchase/offer", () => {
  it("answers the sequence in page order with everything the page needs", async () => {
    const response = await offer("ref-1");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { referenceId: string; offers: Record<string, unknown>[] };
    expect(body.referenceId).toBe("ref-1");
    expect(body.offers.map((o) => o.id)).toEqual(["upsell", "downsell", "followUp"]);
    expect(body.offers[0]).toEqual({
      id: "upsell",
      variantId: 44_100_000_000_003,
      productTitle: "Coaching call",
      variantTitle: null,
      imageUrl: coaching.imageUrl,
      quantity: 1,
      regularPrice: { amount: "197.00", currencyCode: "USD" },
      offerPrice: { amount: "157.60", currencyCode: "USD" },
      headline: "Add Coaching call?",
      body: "One click adds it to your order.",
      labels: "add_to_my_order",
      changes: [{ type: "add_variant", variantID: 44_100_000_000_003, quantity: 1, discount: { value: 20, valueType: "percentage", title: "20% off" } }],
    });
    expect(body.offers[1]).toMatchObject({ regularPrice: { amount: "47.00" }, offerPrice: { amount: "42.00" } });
    expect(body.offers[2]).toMatchObject({ quantity: 2, regularPrice: { amount: "38.00" }, offerPrice: { amount: "38.00" } });
  });

  it("persists the decision: the same request twice gives the same answer, even after the funnel changes", async () => {
    const first = await (await offer("ref-2")).json();
    await setFunnelStatus(SHOP, [courseFunnelId], "paused");
    const second = await (await offer("ref-2")).json();
    expect(second).toEqual(first);
    const decisions = await db.postPurchaseDecision.findMany({ where: { shop: SHOP } });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ referenceId: "ref-2", funnelId: courseFunnelId, currency: "USD", customerId: `gid://shopify/Customer/${BUYER}` });
    // A new purchase now gets nothing from the paused funnel.
    expect(await (await offer("ref-2b")).json()).toEqual({ referenceId: "ref-2b", offers: [] });
  });

  it("answers exactly what the persisted decision renders to, so another instance reading it answers the same bytes", async () => {
    const text = await (await offer("ref-2c")).text();
    const row = await db.postPurchaseDecision.findUniqueOrThrow({
      where: { shop_referenceId: { shop: SHOP, referenceId: "ref-2c" } },
      include: { offerSet: true },
    });
    const sequence = JSON.parse(row.offerSet.offers) as PostPurchaseSequence;
    const offers = sequenceSteps(sequence).map(([step, o]) => postPurchaseOfferPayload(postPurchaseOfferView(o, step)));
    expect(text).toBe(JSON.stringify({ referenceId: "ref-2c", offers }));
    expect(sequence).toEqual({ upsell, downsell, followUp });
  });

  it("stores a funnel's offers once, however many purchases are given them", async () => {
    const answers = await Promise.all(["ref-set-1", "ref-set-2", "ref-set-3"].map(async (ref) => (await offer(ref)).json()));
    expect(answers.map((answer) => answer.offers.length)).toEqual([3, 3, 3]);
    const decisions = await db.postPurchaseDecision.findMany({ where: { shop: SHOP }, select: { offerSetId: true } });
    expect(decisions).toHaveLength(3);
    const sets = await db.postPurchaseOfferSet.findMany({ where: { shop: SHOP } });
    expect(sets).toHaveLength(1);
    expect(new Set(decisions.map((decision) => decision.offerSetId))).toEqual(new Set([sets[0]?.id]));
    expect(JSON.parse(sets[0]?.offers ?? "null")).toEqual({ upsell, downsell, followUp });
  });

  it("stores the offers again when the shop's offer sets were deleted since (decisions and offer sets removed together)", async () => {
    expect((await offer("ref-before")).status).toBe(200);
    await db.postPurchaseDecision.deleteMany({ where: { shop: SHOP } });
    await db.postPurchaseOfferSet.deleteMany({ where: { shop: SHOP } });
    const after = await (await offer("ref-after")).json();
    expect(after.offers.map((o: { id: string }) => o.id)).toEqual(["upsell", "downsell", "followUp"]);
    // Stored with its offers: the sign endpoint finds the decision and signs from it.
    expect(await db.postPurchaseOfferSet.count({ where: { shop: SHOP } })).toBe(1);
    expect((await sign({ referenceId: "ref-after", offerId: "upsell" })).status).toBe(200);
  });

  it("leaves out a sold-out offer, offers nothing without its upsell, and offers again once restocked", async () => {
    const steps = async (ref: string) => ((await (await offer(ref)).json()) as { offers: { id: string }[] }).offers.map((o) => o.id);
    expect(await steps("ref-stock-1")).toEqual(["upsell", "downsell", "followUp"]);
    // What the last publish found (products/update runs one when stock changes).
    await recordSoldOutVariants(SHOP, [downsell.product.variantId]);
    expect(await steps("ref-stock-2")).toEqual(["upsell", "followUp"]);
    await recordSoldOutVariants(SHOP, [upsell.product.variantId, downsell.product.variantId]);
    expect(await steps("ref-stock-3")).toEqual([]);
    await recordSoldOutVariants(SHOP, []);
    expect(await steps("ref-stock-4")).toEqual(["upsell", "downsell", "followUp"]);
    // A purchase decided before keeps its answer.
    expect(await steps("ref-stock-2")).toEqual(["upsell", "followUp"]);
  });

  it("gives two simultaneous first requests for one purchase the same answer, from one stored decision", async () => {
    const [a, b] = await Promise.all([offer("ref-2d"), offer("ref-2d")]);
    expect(await a.text()).toBe(await b.text());
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP, referenceId: "ref-2d" } })).toBe(1);
  });

  it("decides a new purchase from the funnel as it is now, after an edit made since the last purchase", async () => {
    await offer("ref-2e");
    const edited = funnel(course, { name: "Course", postPurchase: { upsell: postPurchase(qaPass), downsell: null, followUp: null } });
    const { id: _id, createdAt: _createdAt, ...draft } = edited;
    await updateFunnel(SHOP, courseFunnelId, draft);
    const body = (await (await offer("ref-2f")).json()) as { offers: { id: string; productTitle: string }[] };
    expect(body.offers).toEqual([expect.objectContaining({ id: "upsell", productTitle: "Group Q&A pass" })]);
    // The purchase decided before the edit keeps its answer.
    const before = (await (await offer("ref-2e")).json()) as { offers: { productTitle: string }[] };
    expect(before.offers[0]?.productTitle).toBe("Coaching call");
  });

  it("chooses by the line items Shopify signed in the token, not the ones in the body", async () => {
    const response = await offer("ref-3", { lineItems: [ebookLine] }, { lineItems: [{ productId: 8_100_000_000_001, variantId: 44_100_000_000_001, quantity: 1 }], currencyCode: "USD", totalPrice: "97.00" });
    const body = (await response.json()) as { offers: { id: string; productTitle: string }[] };
    expect(body.offers).toEqual([expect.objectContaining({ id: "upsell", productTitle: "Templates pack" })]);
  });

  it("falls back to the body's line items when the token carries none, only to choose", async () => {
    const response = await offer("ref-4", { lineItems: null }, { lineItems: [{ productId: 8_100_000_000_001, variantId: 44_100_000_000_001, quantity: 1 }], currencyCode: "USD", totalPrice: "97.00" });
    const body = (await response.json()) as { offers: { id: string }[] };
    expect(body.offers.map((o) => o.id)).toEqual(["upsell", "downsell", "followUp"]);
  });

  it("offers nothing when the buyer paid in another currency than the funnel prices, and nothing when no funnel matches", async () => {
    expect(await (await offer("ref-5", { presentmentCurrency: "EUR" })).json()).toEqual({ referenceId: "ref-5", offers: [] });
    const other = { productId: 8_100_000_000_099, variantId: 44_100_000_000_099, quantity: 1, total: "10.00" };
    expect(await (await offer("ref-6", { lineItems: [other] })).json()).toEqual({ referenceId: "ref-6", offers: [] });
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 400 with the reason to a malformed body", async () => {
    const response = await call(offerRoute, "/api/post-purchase/offer", { lineItems: "all" });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).error).toMatch(/referenceId/);
  });
});

describe("POST /api/post-purchase/sign", () => {
  it("signs the changes itself, HS256 with the API secret, with exactly iss, jti, iat (ms), sub and changes", async () => {
    await offer("ref-10");
    const before = Date.now();
    const jwt = await signedToken("ref-10", "upsell");
    const after = Date.now();
    const { valid, header, claims } = verifyIndependently(jwt);
    expect(valid).toBe(true);
    expect(verifyIndependently(jwt, "another-secret").valid).toBe(false);
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(Object.keys(claims)).toEqual(["iss", "jti", "iat", "sub", "changes"]);
    expect(claims.iss).toBe(TEST_APP.apiKey);
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(claims.sub).toBe("ref-10");
    expect(claims.changes).toEqual([
      { type: "add_variant", variantID: 44_100_000_000_003, quantity: 1, discount: { value: 20, valueType: "percentage", title: "20% off" } },
    ]);
  });

  it("signs a fixed amount as configured (per unit, decimal) and a quantity from the funnel", async () => {
    await offer("ref-11");
    await event({ referenceId: "ref-11", offerId: "upsell", type: "decline" });
    const down = verifyIndependently(await signedToken("ref-11", "downsell"));
    expect(down.claims.changes).toEqual([
      { type: "add_variant", variantID: 44_100_000_000_004, quantity: 1, discount: { value: 5, valueType: "fixed_amount", title: "5.00 USD off" } },
    ]);
    // The follow-up comes after a yes to the upsell (another purchase: a buyer never sees both it and the downsell).
    await offer("ref-11b");
    await signedToken("ref-11b", "upsell");
    await event({ referenceId: "ref-11b", offerId: "upsell", type: "accept" });
    const follow = verifyIndependently(await signedToken("ref-11b", "followUp"));
    expect(follow.claims.changes).toEqual([{ type: "add_variant", variantID: 44_100_000_000_005, quantity: 2 }]);
  });

  it("hands back the same token to a retried accept, so Shopify can only apply it once", async () => {
    await offer("ref-12");
    const first = await signedToken("ref-12", "upsell");
    const again = await signedToken("ref-12", "upsell");
    expect(again).toBe(first);
  });

  it("gives two racing first signs of one step the same token", async () => {
    await offer("ref-13");
    const [a, b] = await Promise.all([signedToken("ref-13", "upsell"), signedToken("ref-13", "upsell")]);
    expect(a).toBe(b);
    expect(await db.postPurchaseStep.count({ where: { shop: SHOP, referenceId: "ref-13" } })).toBe(1);
  });

  describe("walks the sequence", () => {
    it("accept -> follow-up, and then the sequence is over (two offers at most)", async () => {
      await offer("ref-20");
      await signedToken("ref-20", "upsell");
      await event({ referenceId: "ref-20", offerId: "upsell", type: "accept" });
      expect((await sign({ referenceId: "ref-20", offerId: "downsell" })).status).toBe(409);
      await signedToken("ref-20", "followUp");
      await event({ referenceId: "ref-20", offerId: "followUp", type: "accept" });
      for (const offerId of ["upsell", "downsell", "followUp"]) {
        expect((await sign({ referenceId: "ref-20", offerId })).status).toBe(409);
      }
    });

    it("decline -> downsell -> accept, and then done: never a third offer (no follow-up after the downsell)", async () => {
      await offer("ref-21");
      await event({ referenceId: "ref-21", offerId: "upsell", type: "impression" });
      await event({ referenceId: "ref-21", offerId: "upsell", type: "decline" });
      expect((await sign({ referenceId: "ref-21", offerId: "followUp" })).status).toBe(409);
      await signedToken("ref-21", "downsell");
      await event({ referenceId: "ref-21", offerId: "downsell", type: "accept" });
      const third = await sign({ referenceId: "ref-21", offerId: "followUp" });
      expect(third.status).toBe(409);
      expect((await errorOf(third)).code).toBe("not_reachable");
      expect((await event({ referenceId: "ref-21", offerId: "followUp", type: "accept" })).status).toBe(409);
      const answered = await db.postPurchaseStep.findMany({ where: { shop: SHOP, referenceId: "ref-21" }, orderBy: { step: "asc" } });
      expect(answered.map((row) => [row.step, Boolean(row.acceptedAt), Boolean(row.declinedAt)])).toEqual([
        ["downsell", true, false],
        ["upsell", false, true],
      ]);
      for (const offerId of ["upsell", "downsell", "followUp"]) {
        expect((await sign({ referenceId: "ref-21", offerId })).status).toBe(409);
      }
    });

    it("decline -> downsell -> decline: done, no follow-up without a yes", async () => {
      await offer("ref-22");
      await event({ referenceId: "ref-22", offerId: "upsell", type: "decline" });
      await event({ referenceId: "ref-22", offerId: "downsell", type: "decline" });
      const response = await sign({ referenceId: "ref-22", offerId: "followUp" });
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe("not_reachable");
    });
  });

  describe("refuses, with a reason, and records", () => {
    const refusals = () =>
      db.postPurchaseRefusal.findMany({ where: { shop: SHOP }, select: { referenceId: true, offerId: true, code: true, count: true } });

    it("a replay after the accept was reported", async () => {
      await offer("ref-30");
      await signedToken("ref-30", "upsell");
      await event({ referenceId: "ref-30", offerId: "upsell", type: "accept" });
      const replay = await sign({ referenceId: "ref-30", offerId: "upsell" });
      expect(replay.status).toBe(409);
      expect(replay.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(await errorOf(replay)).toEqual({ code: "already_accepted", error: "The upsell was already accepted." });
      await sign({ referenceId: "ref-30", offerId: "upsell" });
      expect(await refusals()).toEqual([{ referenceId: "ref-30", offerId: "upsell", code: "already_accepted", count: 2 }]);
    });

    it.each([
      ["a changed quantity", { quantity: 5 }],
      ["a discount", { discount: { value: 100, valueType: "percentage", title: "free" } }],
      ["changes of its own", { changes: [{ type: "add_variant", variantID: 1, quantity: 1 }] }],
    ])("a body with %s (extra keys are never ignored)", async (_, extra) => {
      await offer("ref-31");
      const response = await sign({ referenceId: "ref-31", offerId: "upsell", ...extra });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).error).toMatch(/not part of this request/);
      expect(await refusals()).toEqual([{ referenceId: "ref-31", offerId: "upsell", code: "malformed", count: 1 }]);
      expect(await db.postPurchaseStep.count({ where: { shop: SHOP } })).toBe(0);
    });

    it("an offer id that is no step", async () => {
      await offer("ref-32");
      const response = await sign({ referenceId: "ref-32", offerId: "crossSell" });
      expect(response.status).toBe(400);
      expect(await refusals()).toEqual([{ referenceId: "ref-32", offerId: "other", code: "malformed", count: 1 }]);
    });

    it("an offer that is not in this purchase's decision", async () => {
      await offer("ref-33", { lineItems: [ebookLine] }); // the e-book funnel has only an upsell
      await event({ referenceId: "ref-33", offerId: "upsell", type: "decline" });
      const response = await sign({ referenceId: "ref-33", offerId: "downsell" }, { lineItems: [ebookLine] });
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("not_offered");
    });

    it("a purchase no offer was made for", async () => {
      const response = await sign({ referenceId: "ref-34", offerId: "upsell" });
      expect(response.status).toBe(404);
      expect(await refusals()).toEqual([{ referenceId: "ref-34", offerId: "upsell", code: "no_decision", count: 1 }]);
    });

    it("another purchase's offer (the body names a purchase the token is not for), recorded against the token's purchase", async () => {
      await offer("ref-35");
      const mine = await token({ referenceId: "ref-36" });
      for (const referenceId of ["ref-35", "ref-35b", "ref-35c"]) {
        expect((await sign({ referenceId, offerId: "upsell" }, { token: mine })).status).toBe(401);
      }
      expect(await refusals()).toEqual([{ referenceId: "ref-36", offerId: "upsell", code: "other_purchase", count: 3 }]);
    });

    it("a forged token, without recording anything against the shop", async () => {
      await offer("ref-37");
      const response = await sign({ referenceId: "ref-37", offerId: "upsell" }, { secret: "guessed" });
      expect(response.status).toBe(401);
      expect(await refusals()).toEqual([]);
    });
  });
});

describe("POST /api/post-purchase/events", () => {
  const events = () =>
    db.offerEvent.findMany({
      where: { shop: SHOP },
      orderBy: { occurredAt: "asc" },
      select: { funnelId: true, offer: true, type: true, variantId: true, purchaseKey: true, dedupeKey: true, customerId: true, amount: true, currency: true },
    });

  it("records impressions, accepts with the amount added, and declines, once each", async () => {
    await offer("ref-40");
    for (let i = 0; i < 2; i++) {
      const response = await event({ referenceId: "ref-40", offerId: "upsell", type: "impression" });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ recorded: i === 0 });
    }
    await signedToken("ref-40", "upsell");
    await event({ referenceId: "ref-40", offerId: "upsell", type: "accept" });
    await event({ referenceId: "ref-40", offerId: "upsell", type: "accept" }); // changeset_already_applied, reported again
    await event({ referenceId: "ref-40", offerId: "followUp", type: "impression" });
    await event({ referenceId: "ref-40", offerId: "followUp", type: "decline" });
    const customerId = `gid://shopify/Customer/${BUYER}`;
    const common = { funnelId: courseFunnelId, purchaseKey: "ref-40", customerId };
    expect(await events()).toEqual([
      { ...common, offer: "upsell", type: "impression", variantId: coaching.variantId, dedupeKey: "pp:ref-40:upsell:impression", amount: null, currency: null },
      { ...common, offer: "upsell", type: "accept", variantId: coaching.variantId, dedupeKey: "pp:ref-40:upsell:accept", amount: offerPrice(upsell).offer.amount, currency: "USD" },
      { ...common, offer: "followUp", type: "impression", variantId: templates.variantId, dedupeKey: "pp:ref-40:followUp:impression", amount: null, currency: null },
      { ...common, offer: "followUp", type: "decline", variantId: templates.variantId, dedupeKey: "pp:ref-40:followUp:decline", amount: null, currency: null },
    ]);
    expect(offerPrice(upsell).offer.amount).toBe(15_760);
  });

  it("records the accepted amount as offer price x quantity", async () => {
    await offer("ref-41");
    await signedToken("ref-41", "upsell");
    await event({ referenceId: "ref-41", offerId: "upsell", type: "accept" });
    await signedToken("ref-41", "followUp");
    await event({ referenceId: "ref-41", offerId: "followUp", type: "accept" });
    const accepted = (await events()).filter((e) => e.type === "accept");
    expect(accepted.map((e) => [e.offer, e.amount])).toEqual([["upsell", 15_760], ["followUp", 3800]]);
  });

  it("refuses an accept for a step never signed, and a decline after an accept", async () => {
    await offer("ref-42");
    const unsigned = await event({ referenceId: "ref-42", offerId: "upsell", type: "accept" });
    expect(unsigned.status).toBe(409);
    expect((await errorOf(unsigned)).code).toBe("not_signed");
    await signedToken("ref-42", "upsell");
    await event({ referenceId: "ref-42", offerId: "upsell", type: "accept" });
    const decline = await event({ referenceId: "ref-42", offerId: "upsell", type: "decline" });
    expect(decline.status).toBe(409);
    expect((await events()).map((e) => e.type)).toEqual(["accept"]);
  });

  it("refuses an event for a step the purchase was not offered, or with extra keys", async () => {
    await offer("ref-43", { lineItems: [ebookLine] });
    expect((await event({ referenceId: "ref-43", offerId: "followUp", type: "impression" }, { lineItems: [ebookLine] })).status).toBe(404);
    expect((await event({ referenceId: "ref-43", offerId: "upsell", type: "accept", amount: 1 })).status).toBe(400);
    expect(await events()).toEqual([]);
  });
});

describe("CORS and the bare route", () => {
  it.each([
    ["offer", offerRoute],
    ["sign", signRoute],
    ["events", eventsRoute],
  ])("the %s endpoint answers the CORS preflight", async (name, route) => {
    const preflight = new Request(new URL(`/api/post-purchase/${name}`, TEST_APP.url), {
      method: "OPTIONS",
      headers: { Origin: "https://checkout.shopify.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    const response = await runRoute(route.loader, preflight);
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
  });

  it("answers a GET with 405 and CORS", async () => {
    const bearer = await token({ referenceId: "ref-50" });
    const response = await runRoute(offerRoute.loader, postPurchaseRequest("/api/post-purchase/offer", bearer, undefined, "GET"));
    expect(response.status).toBe(405);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("the ping route verifies the token and answers a constant", async () => {
    const bearer = await token({ referenceId: "ref-51" });
    const ok = await runRoute(pingRoute.action, postPurchaseRequest("/api/post-purchase/ping", bearer, {}));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    const forged = await token({ referenceId: "ref-51", secret: "guessed" });
    const refused = await runRoute(pingRoute.loader, postPurchaseRequest("/api/post-purchase/ping", forged, undefined, "GET"));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});

describe("request bodies", () => {
  const oversized = { referenceId: "ref-big", padding: "x".repeat(10_000) };

  it.each([
    ["offer", offerRoute, "/api/post-purchase/offer"],
    ["sign", signRoute, "/api/post-purchase/sign"],
    ["events", eventsRoute, "/api/post-purchase/events"],
  ] as const)("answers 413 to a body over 8 KB at %s, declared or streamed, and stores nothing", async (_, route, path) => {
    const bearer = await token({ referenceId: "ref-big" });
    const declared = await runRoute(route.action, postPurchaseRequest(path, bearer, oversized));
    expect(declared.status).toBe(413);
    expect(declared.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await errorOf(declared)).code).toBe("too_large");

    // Chunked: no Content-Length to trust, so the cap applies while reading.
    const bytes = new TextEncoder().encode(JSON.stringify(oversized));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
    const streamed = postPurchaseRequest(path, bearer, undefined, "GET");
    const chunked = new Request(streamed.url, { method: "POST", headers: streamed.headers, body: stream, duplex: "half" } as RequestInit);
    expect(chunked.headers.get("Content-Length")).toBeNull();
    const answer = await runRoute(route.action, chunked);
    expect(answer.status).toBe(413);
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.postPurchaseRefusal.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const bearer = await token({ referenceId: "ref-text" });
    const request = postPurchaseRequest("/api/post-purchase/offer", bearer, undefined, "GET");
    const response = await runRoute(offerRoute.action, new Request(request.url, { method: "POST", headers: request.headers, body: "referenceId=ref-text" }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("malformed");
  });
});

describe("compliance", () => {
  const deliver = (topic: string, payload: unknown) =>
    runRoute(compliance, webhookRequest({ path: "/webhooks/compliance", topic, shop: SHOP, payload, webhookId: randomUUID() }));

  it("a buyer's post-purchase offers appear in their data request and go with customers/redact", async () => {
    await offer("ref-60");
    await signedToken("ref-60", "upsell");
    await event({ referenceId: "ref-60", offerId: "upsell", type: "accept" });
    await sign({ referenceId: "ref-60", offerId: "upsell" }); // a refusal on the record too
    await offer("ref-61", { customerId: 9999 }); // another buyer

    const customer = { id: BUYER, email: "ada@example.com" };
    await deliver("customers/data_request", { customer, orders_requested: [] });
    const report = JSON.parse((await db.customerDataRequest.findFirstOrThrow({ where: { shop: SHOP } })).report);
    expect(report.postPurchaseOffers).toEqual([
      expect.objectContaining({
        referenceId: "ref-60",
        currency: "USD",
        offers: [
          { step: "upsell", product: "Coaching call" },
          { step: "downsell", product: "Group Q&A pass" },
          { step: "followUp", product: "Templates pack" },
        ],
        answers: [expect.objectContaining({ step: "upsell", acceptedAt: expect.any(String) })],
      }),
    ]);

    await deliver("customers/redact", { customer, orders_to_redact: [] });
    expect(await db.postPurchaseDecision.findMany({ where: { shop: SHOP }, select: { referenceId: true } })).toEqual([{ referenceId: "ref-61" }]);
    expect(await db.postPurchaseStep.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.postPurchaseRefusal.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.offerEvent.count({ where: { shop: SHOP, customerId: `gid://shopify/Customer/${BUYER}` } })).toBe(0);
  });

  it("after shop/redact stores nothing more for the shop: no decision, no answer, no refusal", async () => {
    await offer("ref-70");
    expect((await deliver("shop/redact", { shop_domain: SHOP })).status).toBe(200);
    // Funnels are gone with the shop; a late page (or a script) keeps calling.
    await saveFunnel(SHOP, funnel(course, { name: "Recreated", postPurchase: { upsell, downsell: null, followUp: null } }));
    const late = await offer("ref-71");
    expect(await late.json()).toEqual({ referenceId: "ref-71", offers: [] });
    expect((await sign({ referenceId: "ref-70", offerId: "upsell" })).status).toBe(404);
    expect((await event({ referenceId: "ref-70", offerId: "upsell", type: "decline" })).status).toBe(404);
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.postPurchaseRefusal.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.offerEvent.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("the holdout on the post-purchase page", () => {
  it("offers nothing to exactly the purchases core holds out, records why, and keeps answering the same", async () => {
    await saveHoldoutPercent(SHOP, 30);
    const references = Array.from({ length: 40 }, (_, index) => `holdout-ref-${index}`);
    const offered = new Map<string, number>();
    for (const referenceId of references) {
      const response = await offer(referenceId);
      expect(response.status).toBe(200);
      offered.set(referenceId, ((await response.json()) as { offers: unknown[] }).offers.length);
    }
    const heldOut = references.filter((referenceId) => isHeldOut(referenceId, 30));
    // About 12 of 40; both groups are there, so the test says something about each.
    expect(heldOut.length).toBeGreaterThan(4);
    expect(heldOut.length).toBeLessThan(25);
    for (const referenceId of references) expect(offered.get(referenceId) === 0).toBe(heldOut.includes(referenceId));
    const skips = await db.offerSkip.findMany({ where: { shop: SHOP }, orderBy: { purchaseKey: "asc" } });
    expect(skips.map((skip) => skip.purchaseKey)).toEqual([...heldOut].sort());
    expect(new Set(skips.map((skip) => [skip.surface, skip.reason].join(" ")))).toEqual(new Set(["post_purchase holdout"]));
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP, referenceId: { in: heldOut } } })).toBe(0);
    // Asked again, a held-out purchase still gets nothing, and signing its offer is refused.
    const [first] = heldOut;
    expect(((await (await offer(first!)).json()) as { offers: unknown[] }).offers).toEqual([]);
    expect((await sign({ referenceId: first, offerId: "upsell" })).status).toBeGreaterThanOrEqual(400);
  });

  it("records why a purchase got nothing when it is not held out: no funnel matched, or the upsell is sold out", async () => {
    await offer("ref-nothing", { lineItems: [{ productId: 8_100_000_000_099, variantId: 44_100_000_000_099, quantity: 1, total: "5.00" }] });
    await recordSoldOutVariants(SHOP, [coaching.variantId]);
    await offer("ref-sold-out");
    const skips = await db.offerSkip.findMany({ where: { shop: SHOP }, select: { purchaseKey: true, reason: true }, orderBy: { purchaseKey: "asc" } });
    expect(skips).toEqual([
      { purchaseKey: "ref-nothing", reason: "no_funnel_matched" },
      { purchaseKey: "ref-sold-out", reason: "sold_out" },
    ]);
  });
});
