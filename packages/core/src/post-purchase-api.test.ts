import { describe, expect, it } from "vitest";
import { postPurchaseOfferView } from "./changeset";
import {
  type EventRequest,
  type OfferRequest,
  type SignRequest,
  offerAnswer,
  parseEventRequest,
  parseOfferAnswer,
  parseOfferRequest,
  parseSignAnswer,
  parseSignRequest,
} from "./post-purchase-api";
import { postPurchase, product } from "./test-fixtures";

const coaching = product("Coaching call", 19_700, { productId: 8_100_000_000_003, variantId: 44_100_000_000_003 });
const qaPass = product("Group Q&A pass", 4700, { productId: 8_100_000_000_004, variantId: 44_100_000_000_004 });
const templates = product("Templates pack", 1900, { productId: 8_100_000_000_005, variantId: 44_100_000_000_005 });
const sequence = {
  upsell: postPurchase(coaching, { discount: { type: "percentage", percent: 20 } }),
  downsell: postPurchase(qaPass, { discount: { type: "fixed_amount", amount: 500 } }),
  followUp: postPurchase(templates, { quantity: 2 }),
};

/** What crosses the network: the JSON text, read back. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("the post-purchase contract, round trip", () => {
  it("parses every request the page builds into exactly what it built", () => {
    const offer: OfferRequest = {
      referenceId: "ref-1",
      lineItems: [{ productId: 8_100_000_000_001, variantId: 44_100_000_000_001, quantity: 2 }],
      currencyCode: "USD",
      totalPrice: "194.00",
    };
    const sign: SignRequest = { referenceId: "ref-1", offerId: "downsell" };
    const event: EventRequest = { referenceId: "ref-1", offerId: "followUp", type: "decline" };
    expect(parseOfferRequest(overTheWire(offer))).toEqual({ ok: true, value: offer });
    expect(parseSignRequest(overTheWire(sign))).toEqual({ ok: true, value: sign });
    expect(parseEventRequest(overTheWire(event))).toEqual({ ok: true, value: event });
  });

  it("gives the page, from the server's answer, the very views the server priced, in page order", () => {
    const received = parseOfferAnswer(overTheWire(offerAnswer("ref-1", sequence)), { referenceId: "ref-1", currency: "USD" });
    expect(received).toEqual([
      postPurchaseOfferView(sequence.upsell, "upsell"),
      postPurchaseOfferView(sequence.downsell, "downsell"),
      postPurchaseOfferView(sequence.followUp, "followUp"),
    ]);
    expect(received?.map((offer) => offer.offerPrice.amount)).toEqual([15_760, 4200, 3800]);
  });

  it("answers no offers as an empty list the page accepts", () => {
    expect(parseOfferAnswer(overTheWire(offerAnswer("ref-2", null)), { referenceId: "ref-2", currency: "USD" })).toEqual([]);
  });

  it("reads the sign answer's token", () => {
    expect(parseSignAnswer(overTheWire({ token: "a.b.c" }))).toBe("a.b.c");
    expect(parseSignAnswer({ token: "" })).toBeNull();
    expect(parseSignAnswer({ error: "No offer was made for this purchase.", code: "no_decision" })).toBeNull();
  });
});

describe("what the contract refuses", () => {
  it("a sign or event request with anything beyond its fields, naming the field", () => {
    expect(parseSignRequest({ referenceId: "ref-1", offerId: "upsell", quantity: 5 })).toEqual({ ok: false, reason: "quantity: not part of this request" });
    expect(parseEventRequest({ referenceId: "ref-1", offerId: "upsell", type: "accept", amount: 1 })).toMatchObject({ ok: false });
  });

  it("a step that does not exist, an event type that does not exist, a missing or oversized reference id", () => {
    expect(parseSignRequest({ referenceId: "ref-1", offerId: "bump" })).toMatchObject({ ok: false, reason: expect.stringMatching(/^offerId/) });
    expect(parseEventRequest({ referenceId: "ref-1", offerId: "upsell", type: "purchase" })).toMatchObject({ ok: false, reason: expect.stringMatching(/^type/) });
    expect(parseSignRequest({ offerId: "upsell" })).toMatchObject({ ok: false, reason: expect.stringMatching(/^referenceId/) });
    expect(parseSignRequest({ referenceId: "x".repeat(201), offerId: "upsell" })).toMatchObject({ ok: false });
    expect(parseOfferRequest(null)).toMatchObject({ ok: false, reason: expect.stringMatching(/^body/) });
  });

  it("malformed purchase fields of the offer request", () => {
    expect(parseOfferRequest({ referenceId: "r", lineItems: [{ productId: -1, variantId: 1, quantity: 1 }] })).toMatchObject({ ok: false, reason: expect.stringMatching(/^lineItems\.0/) });
    expect(parseOfferRequest({ referenceId: "r", currencyCode: "usd" })).toMatchObject({ ok: false, reason: expect.stringMatching(/^currencyCode/) });
  });

  it("an answer for another purchase, in another currency, or with a repeated step", () => {
    const answer = overTheWire(offerAnswer("ref-1", sequence));
    expect(parseOfferAnswer(answer, { referenceId: "ref-other", currency: "USD" })).toBeNull();
    expect(parseOfferAnswer(answer, { referenceId: "ref-1", currency: "EUR" })).toBeNull();
    const twice = overTheWire({ referenceId: "ref-1", offers: [...offerAnswer("ref-1", sequence).offers.slice(0, 1), ...offerAnswer("ref-1", sequence).offers.slice(0, 1)] });
    expect(parseOfferAnswer(twice, { referenceId: "ref-1", currency: "USD" })).toBeNull();
  });
});
