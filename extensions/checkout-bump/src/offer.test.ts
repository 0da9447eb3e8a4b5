import {
  BUMP_MAX_CART_LINES,
  BUMP_OFFER_ATTRIBUTE,
  PUBLISHED_METAFIELDS,
  experimentArm,
  experimentFromDraft,
  isHeldOut,
  money,
} from "@upstack/core";
import { describe, expect, it } from "vitest";
import { bumpState, coreCart, orphanBumpLines, readConfig, toCoreMoney } from "./offer";
import { bumpFunnel, cartLine, course, metafieldEntry, mug, publish, workbook } from "./test-support";

const config = publish([bumpFunnel(course, workbook)]);

describe("readConfig", () => {
  it("reads the shop's checkout_config entry in the app-owned namespace, and only that one", () => {
    const other = metafieldEntry({ v: 1, currency: "EUR", funnels: [] });
    expect(readConfig([{ ...other, metafield: { ...other.metafield, key: "other" } }, metafieldEntry(config)])).toEqual(config);
    expect(readConfig([{ ...metafieldEntry(config), target: { type: "product", id: course.productId } }])).toBeNull();
    expect(readConfig([{ ...metafieldEntry(config), metafield: { ...metafieldEntry(config).metafield, namespace: "upstack" } }])).toBeNull();
    expect(PUBLISHED_METAFIELDS.checkout.namespace).toBe("$app:upstack"); // what shopify.extension.toml declares
  });

  it("is null when missing, malformed or over the size limit", () => {
    expect(readConfig([])).toBeNull();
    expect(readConfig([metafieldEntry("{oops")])).toBeNull();
    expect(readConfig([metafieldEntry({ ...config, funnels: "none" })])).toBeNull();
    expect(readConfig([metafieldEntry({ ...config, pad: "é".repeat(64_001) })])).toBeNull(); // 128,002 bytes of UTF-8
  });
});

describe("toCoreMoney", () => {
  it("turns the host's decimal numbers into exact minor units, whatever float noise they carry", () => {
    expect(toCoreMoney({ amount: 19.99, currencyCode: "USD" }, "USD")).toEqual(money(1999, "USD"));
    expect(toCoreMoney({ amount: 0.1 + 0.2, currencyCode: "USD" }, "USD")).toEqual(money(30, "USD"));
    expect(toCoreMoney({ amount: 1500, currencyCode: "JPY" }, "JPY")).toEqual(money(1500, "JPY"));
    expect(toCoreMoney({ amount: 1.5, currencyCode: "KWD" }, "KWD")).toEqual(money(1500, "KWD"));
  });

  it("throws on another currency or an impossible amount (the card then shows nothing)", () => {
    expect(() => toCoreMoney({ amount: 10, currencyCode: "EUR" }, "USD")).toThrow(/USD/);
    expect(() => toCoreMoney({ amount: -1, currencyCode: "USD" }, "USD")).toThrow();
    expect(() => toCoreMoney({ amount: Number.NaN, currencyCode: "USD" }, "USD")).toThrow();
  });
});

describe("coreCart", () => {
  it("maps product, variant, quantity and line cost for core's matching", () => {
    expect(coreCart([cartLine(course), cartLine(workbook, { quantity: 2 })], { amount: 169, currencyCode: "USD" })).toEqual({
      subtotal: money(16900, "USD"),
      lines: [
        { productId: course.productId, variantId: course.variantId, quantity: 1, cost: 9700 },
        { productId: workbook.productId, variantId: workbook.variantId, quantity: 2, cost: 7200 },
      ],
    });
  });
});

describe("bumpState", () => {
  const state = (lines = [cartLine(course)], presentmentCurrency = "USD") => ({
    appMetafields: [metafieldEntry(config)],
    lines,
    subtotal: { amount: lines.reduce((sum, line) => sum + line.cost.totalAmount.amount, 0), currencyCode: "USD" as const },
    presentmentCurrency,
  });

  it("offers the bump for the trigger, with core's inCart", () => {
    expect(bumpState(state())?.offer).toMatchObject({ funnelId: "clx1course", variantId: workbook.variantId, inCart: false });
    expect(bumpState(state([cartLine(course), cartLine(workbook)]))?.offer).toMatchObject({ inCart: true, cartQuantity: 1 });
    expect(bumpState(state([cartLine(mug)]))?.offer).toBeNull();
  });

  it("judges nothing in another presentment currency", () => {
    expect(bumpState(state(undefined, "EUR"))).toBeNull();
  });

  it(`offers no bump when it would make the cart longer than ${BUMP_MAX_CART_LINES} lines (the Function may not price it)`, () => {
    const filler = (count: number) => Array.from({ length: count }, () => cartLine(mug));
    expect(bumpState(state([cartLine(course), ...filler(BUMP_MAX_CART_LINES - 2)]))?.offer).toMatchObject({ inCart: false });
    expect(bumpState(state([cartLine(course), ...filler(BUMP_MAX_CART_LINES - 1)]))?.offer).toBeNull();
  });

  it("shows no bump to a checkout the published holdout share holds out, the same ones the server holds out", () => {
    const held = { ...config, holdoutPercent: 10 };
    const tokens = Array.from({ length: 400 }, (_, index) => `ck-${index}`);
    const shown = (checkoutToken: string | null) =>
      bumpState({ ...state(), appMetafields: [metafieldEntry(held)], checkoutToken })?.offer !== null;
    const heldOut = tokens.filter((token) => !shown(token));
    expect(heldOut).toEqual(tokens.filter((token) => isHeldOut(token, 10)));
    expect(heldOut.length).toBeGreaterThan(20); // about 40 of 400
    expect(heldOut.length).toBeLessThan(70);
    // No token yet: nothing shows until the checkout knows which side it is on.
    expect(shown(null)).toBe(false);
    // Without a share, the token does not matter.
    expect(bumpState({ ...state(), checkoutToken: heldOut[0] })?.offer).not.toBeNull();
  });
});

describe("orphanBumpLines", () => {
  const orphans = (lines: ReturnType<typeof cartLine>[], funnels = config) =>
    orphanBumpLines(funnels, lines, coreCart(lines, { amount: lines.reduce((s, l) => s + l.cost.totalAmount.amount, 0), currencyCode: "USD" }));
  const bumpLine = cartLine(workbook, { offerOf: "clx1course" });

  it("keeps our line while its offer applies, drops it when the trigger leaves", () => {
    expect(orphans([cartLine(course), bumpLine])).toEqual([]);
    expect(orphans([cartLine(mug), bumpLine])).toEqual([bumpLine]);
  });

  it("keeps it when another funnel offering the same variant still matches", () => {
    const both = publish([bumpFunnel(course, workbook), bumpFunnel(mug, workbook, undefined, { id: "clx2mug" })]);
    expect(orphans([cartLine(mug), bumpLine], both)).toEqual([]);
  });

  it(`drops it when the cart grows past ${BUMP_MAX_CART_LINES} lines: the Function may not discount it there`, () => {
    const filler = (count: number) => Array.from({ length: count }, () => cartLine(mug));
    expect(orphans([cartLine(course), bumpLine, ...filler(BUMP_MAX_CART_LINES - 2)])).toEqual([]);
    expect(orphans([cartLine(course), bumpLine, ...filler(BUMP_MAX_CART_LINES - 1)])).toEqual([bumpLine]);
  });

  it("never touches the buyer's own lines, with or without our offer's variant", () => {
    expect(orphans([cartLine(mug), cartLine(workbook)])).toEqual([]);
    expect(bumpLine.attributes).toEqual([{ key: BUMP_OFFER_ATTRIBUTE, value: "clx1course" }]);
  });
});

describe("a bump under test (an experiment on the bump)", () => {
  const control = bumpFunnel(course, workbook);
  const started = experimentFromDraft(
    control,
    { slot: "bump", controlWeight: 1, challengers: [{ weight: 1, offer: { ...control.bump!, product: mug, discount: { type: "percentage", percent: 20 } } }] },
    "exp_checkout",
  );
  if (!started.ok) throw new Error("refused");
  const tested = publish([{ ...control, experiments: [started.experiment] }]);
  const tokens = Array.from({ length: 40 }, (_, index) => `ck-${index}`);
  const tokenOf = (arm: string) => tokens.find((token) => experimentArm(started.experiment, token) === arm)!;
  const state = (checkoutToken: string | null, lines = [cartLine(course)]) => ({
    appMetafields: [metafieldEntry(tested)],
    lines,
    subtotal: { amount: lines.reduce((sum, line) => sum + line.cost.totalAmount.amount, 0), currencyCode: "USD" as const },
    presentmentCurrency: "USD",
    checkoutToken,
  });

  it("shows each checkout its arm, the same on every render, and nothing until the token is known", () => {
    expect(bumpState(state(tokenOf("control")))?.offer).toMatchObject({ arm: "control", variantId: workbook.variantId, offerUnitPrice: 3240 });
    expect(bumpState(state(tokenOf("b")))?.offer).toMatchObject({ arm: "b", variantId: mug.variantId, offerUnitPrice: 1200 });
    expect(bumpState(state(tokenOf("b")))?.offer).toEqual(bumpState(state(tokenOf("b")))?.offer);
    expect(bumpState(state(null))?.offer).toBeNull();
  });

  it("splits checkouts evenly between the arms", () => {
    const many = Array.from({ length: 4000 }, (_, index) => `checkout-${index}`);
    const b = many.filter((token) => bumpState(state(token))?.offer?.arm === "b").length;
    expect(Math.abs(b / many.length - 0.5)).toBeLessThan(0.03);
  });

  it("keeps the arm's line and a control line the cart bump added, and drops neither by mistake", () => {
    const lines = [cartLine(course), cartLine(mug, { offerOf: "clx1course~b" }), cartLine(workbook, { offerOf: "clx1course" })];
    const cart = coreCart(lines, { amount: lines.reduce((s, l) => s + l.cost.totalAmount.amount, 0), currencyCode: "USD" });
    expect(orphanBumpLines(tested, lines, cart, tokenOf("b"))).toEqual([]);
    const mugForControl = [cartLine(course), cartLine(mug, { offerOf: "clx1course~b" })];
    const controlCart = coreCart(mugForControl, { amount: 11200, currencyCode: "USD" });
    expect(orphanBumpLines(tested, mugForControl, controlCart, tokenOf("control"))).toEqual([mugForControl[1]]);
  });
});
