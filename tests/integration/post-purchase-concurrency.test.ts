import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Funnel } from "@upstack/core";
import { beforeAll, describe, expect, it } from "vitest";
import db from "~/db.server";
import { createFunnel } from "~/models/funnel.server";
import * as eventsRoute from "~/routes/api.post-purchase.events";
import * as offerRoute from "~/routes/api.post-purchase.offer";
import * as signRoute from "~/routes/api.post-purchase.sign";
import { funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { type TestLineItem, postPurchaseRequest, postPurchaseToken } from "../support/post-purchase-requests";
import { runRoute } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// A hostile or glitching post-purchase page fires many requests for one
// purchase at once. Whatever the interleaving, on either database: one
// decision, never both the upsell and the downsell signed, no accept that
// was not signed, every token handed out is the one on record for its step,
// and no request answers 5xx.

const SHOP = "pp-burst.myshopify.com";
const course = product("Video course", 9700, { productId: 8_300_000_000_001, variantId: 44_300_000_000_001 });
const coaching = product("Coaching call", 19_700, { productId: 8_300_000_000_002, variantId: 44_300_000_000_002 });
const qaPass = product("Group Q&A pass", 4700, { productId: 8_300_000_000_003, variantId: 44_300_000_000_003 });
const templates = product("Templates pack", 1900, { productId: 8_300_000_000_004, variantId: 44_300_000_000_004 });
const courseLine: TestLineItem = { productId: 8_300_000_000_001, variantId: 44_300_000_000_001, quantity: 1, total: "97.00" };

const ROUNDS = 12;
const STEPS = ["upsell", "downsell", "followUp"] as const;
type Step = (typeof STEPS)[number];
type Route = { action: (args: LoaderFunctionArgs) => unknown };
type Call = { kind: string; step: Step | null; route: Route; path: string; body: object };

const withoutId = ({ id: _id, createdAt: _createdAt, ...draft }: Funnel) => draft;

beforeAll(async () => {
  await resetShop(SHOP);
  await createFunnel(
    SHOP,
    withoutId(funnel(course, { postPurchase: { upsell: postPurchase(coaching), downsell: postPurchase(qaPass), followUp: postPurchase(templates) } })),
  );
});

/** 16 requests in a shuffled mix: repeated signs of both branches, accepts, declines, impressions and offers. */
function mixedBurst(referenceId: string, round: number): Call[] {
  const sign = (step: Step): Call => ({ kind: `sign ${step}`, step, route: signRoute, path: "/api/post-purchase/sign", body: { referenceId, offerId: step } });
  const event = (step: Step, type: string): Call => ({
    kind: `${type} ${step}`,
    step,
    route: eventsRoute,
    path: "/api/post-purchase/events",
    body: { referenceId, offerId: step, type },
  });
  const offer: Call = { kind: "offer", step: null, route: offerRoute, path: "/api/post-purchase/offer", body: { referenceId } };
  const calls = [
    sign("upsell"), sign("upsell"), sign("upsell"),
    sign("downsell"), sign("downsell"), sign("downsell"),
    sign("followUp"),
    event("upsell", "accept"), event("upsell", "accept"), event("upsell", "decline"),
    event("downsell", "accept"), event("downsell", "decline"),
    event("followUp", "accept"),
    event("upsell", "impression"), event("upsell", "impression"),
    offer,
  ];
  // A different, reproducible order each round.
  return calls
    .map((call, i) => ({ call, key: Math.sin((round + 1) * 7919 + i * 104729) }))
    .sort((a, b) => a.key - b.key)
    .map(({ call }) => call);
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { jti: string };

describe("one purchase, one outcome, under concurrent requests", () => {
  it("makes one decision from simultaneous first offer requests", async () => {
    const token = await postPurchaseToken({ shop: SHOP, referenceId: "burst-first", lineItems: [courseLine] });
    const responses = await Promise.all(
      Array.from({ length: 15 }, () => runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", token, { referenceId: "burst-first" }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(15).fill(200));
    const answers = new Set(await Promise.all(responses.map((response) => response.text())));
    expect(answers.size).toBe(1);
    expect(await db.postPurchaseDecision.count({ where: { shop: SHOP, referenceId: "burst-first" } })).toBe(1);
  });

  it(`keeps every invariant through ${ROUNDS} rounds of 16 mixed parallel requests`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const referenceId = `burst-${round}`;
      const token = await postPurchaseToken({ shop: SHOP, referenceId, lineItems: [courseLine] });
      const first = await runRoute(offerRoute.action, postPurchaseRequest("/api/post-purchase/offer", token, { referenceId }));
      expect(first.status).toBe(200);

      const calls = mixedBurst(referenceId, round);
      const responses = await Promise.all(calls.map((call) => runRoute(call.route.action, postPurchaseRequest(call.path, token, call.body))));
      const answers = await Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> })));

      const tokens = new Map<Step, Set<string>>();
      answers.forEach((answer, i) => {
        const call = calls[i]!;
        const where = `round ${round}, ${call.kind}: ${answer.status} ${JSON.stringify(answer.body)}`;
        expect([200, 202, 404, 409], where).toContain(answer.status);
        // A lost race is a 409 with a reason, never a bare failure.
        if (answer.status >= 400) expect(typeof answer.body.code === "string" && typeof answer.body.error === "string", where).toBe(true);
        if (call.kind.startsWith("sign") && answer.status === 200) {
          const set = tokens.get(call.step!) ?? new Set();
          set.add(answer.body.token as string);
          tokens.set(call.step!, set);
        }
      });

      const rows = await db.postPurchaseStep.findMany({ where: { shop: SHOP, referenceId } });
      const row = (step: Step) => rows.find((r) => r.step === step);
      const context = `round ${round}: ${JSON.stringify(rows.map((r) => [r.step, Boolean(r.signedAt), Boolean(r.acceptedAt), Boolean(r.declinedAt)]))}`;
      // At most one branch is ever signed.
      expect(Boolean(row("upsell")?.signedAt) && Boolean(row("downsell")?.signedAt), context).toBe(false);
      // Nothing accepted that was not signed; at most two accepts (the upsell, then the follow-up).
      for (const r of rows) if (r.acceptedAt) expect(r.signedAt, context).not.toBeNull();
      expect(rows.filter((r) => r.acceptedAt).length, context).toBeLessThanOrEqual(2);
      // A follow-up is signed only after a yes to the upsell, so a buyer never gets a third offer:
      // the downsell and the follow-up are never both signed.
      if (row("followUp")?.signedAt) expect(Boolean(row("upsell")?.signedAt), context).toBe(true);
      expect(Boolean(row("downsell")?.signedAt) && Boolean(row("followUp")?.signedAt), context).toBe(false);
      // Every token handed out is the one on record for its step: one per step, with the step's jti.
      for (const [step, handedOut] of tokens) {
        expect(handedOut.size, `${context}, ${step}`).toBe(1);
        expect(claimsOf([...handedOut][0]!).jti, `${context}, ${step}`).toBe(row(step)?.jti);
      }
      // Events: as many accepts as accepted steps, at most one impression and one decline per step.
      const events = await db.offerEvent.findMany({ where: { shop: SHOP, purchaseKey: referenceId } });
      expect(events.filter((e) => e.type === "accept").length, context).toBe(rows.filter((r) => r.acceptedAt).length);
      for (const type of ["impression", "decline", "accept"]) {
        for (const step of STEPS) expect(events.filter((e) => e.type === type && e.offer === step).length, context).toBeLessThanOrEqual(1);
      }
      expect(await db.postPurchaseDecision.count({ where: { shop: SHOP, referenceId } })).toBe(1);
    }
  });
});
