import { describe, expect, it } from "vitest";
import { type AdvisorNote, type AdvisorRule, adviseFunnel, hasBlockingNotes } from "./advisor";
import type { Funnel, OfferDiscount, PostPurchaseSequence } from "./funnel";
import { money } from "./money";
import { bump, funnel, postPurchase, product } from "./test-fixtures";

const course = product("Course", 9700);
const workbook = product("Workbook", 3600);
const coaching = product("Coaching add-on", 19_700);
const qa = product("Group Q&A pass", 4700);

/** The playbook's course stack: $97 course, $27 bump, $197 premium upsell, $47 downsell. */
function clean(overrides: Partial<Funnel> = {}): Funnel {
  return funnel(course, {
    bump: bump(workbook, { type: "percentage", percent: 25 }),
    postPurchase: { upsell: postPurchase(coaching, { premium: true }), downsell: postPurchase(qa), followUp: null },
    ...overrides,
  });
}

const withSequence = (sequence: Partial<PostPurchaseSequence>) =>
  clean({ postPurchase: { ...clean().postPurchase, ...sequence } });
const withBump = (discount: OfferDiscount, offer = workbook, quantity = 1) => clean({ bump: bump(offer, discount, quantity) });
const rules = (notes: AdvisorNote[]) => notes.map((note) => note.rule);
const only = (notes: AdvisorNote[], rule: AdvisorRule) => notes.filter((note) => note.rule === rule);

describe("adviseFunnel", () => {
  it("has nothing to say about the playbook's clean stack", () => {
    expect(adviseFunnel(clean())).toEqual([]);
  });

  describe("bump price relative to the core offer", () => {
    it("warns above 40%: a second buying decision", () => {
      const notes = adviseFunnel(withBump({ type: "percentage", percent: 40 }, product("Kit", 9700))); // $58.20 of $97
      expect(only(notes, "bump_too_expensive")).toEqual([
        {
          rule: "bump_too_expensive",
          severity: "warning",
          field: "bump.discount",
          message:
            "The bump costs 60% of the core offer ($58.20 of $97.00). Above about 40% it becomes a second buying decision; aim for 20-40%.",
        },
      ]);
      expect(hasBlockingNotes(notes)).toBe(false);
    });

    it("accepts exactly 40%, and counts quantity and discount", () => {
      expect(rules(adviseFunnel(withBump({ type: "none" }, product("Kit", 3880))))).not.toContain("bump_too_expensive");
      const justOver = only(adviseFunnel(withBump({ type: "none" }, product("Kit", 3881))), "bump_too_expensive");
      expect(justOver[0]?.message).toContain("costs 40.1% of the core offer"); // 40.01%: never shown as "40%"
      // Two $27 workbooks = $54 of $97.
      expect(rules(adviseFunnel(withBump({ type: "percentage", percent: 25 }, workbook, 2)))).toContain("bump_too_expensive");
    });

    it("notes under 20%: may not be worth the space", () => {
      const notes = only(adviseFunnel(withBump({ type: "none" }, product("Sticker", 900))), "bump_too_cheap");
      expect(notes).toHaveLength(1);
      expect(notes[0]?.severity).toBe("info");
      expect(notes[0]?.message).toContain("9.2% of the core offer ($9.00 of $97.00)"); // 9.28%, rounded away from 20%
      expect(rules(adviseFunnel(withBump({ type: "none" }, product("Cards", 1940))))).not.toContain("bump_too_cheap");
    });

    it("skips price comparisons when the trigger has no single core product, and says so", () => {
      const notes = adviseFunnel(clean({ trigger: { match: { type: "any_order" }, minSubtotal: null, maxSubtotal: null }, bump: bump(product("Kit", 9000)) }));
      expect(rules(notes)).toContain("core_price_unknown");
      expect(rules(notes)).not.toContain("bump_too_expensive");
      expect(rules(adviseFunnel(clean()))).not.toContain("core_price_unknown");
    });

    it("compares with the cheapest of several core products", () => {
      const f = clean({
        trigger: { match: { type: "products", products: [product("Big course", 30_000), course] }, minSubtotal: null, maxSubtotal: null },
        bump: bump(product("Kit", 5000)),
      });
      expect(only(adviseFunnel(f), "bump_too_expensive")[0]?.message).toContain("($50.00 of $97.00)");
    });
  });

  it("warns when the bump is the core product itself", () => {
    const notes = only(adviseFunnel(withBump({ type: "percentage", percent: 70 }, course)), "bump_is_core_product");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ severity: "warning", field: "bump.product" });
    expect(rules(adviseFunnel(clean()))).not.toContain("bump_is_core_product");
  });

  describe("upsell price bands", () => {
    it("warns about an impulse upsell above 25% of the order", () => {
      const notes = adviseFunnel(withSequence({ upsell: postPurchase(product("Pro templates", 4700)) }));
      const [note] = only(notes, "impulse_upsell_too_expensive");
      expect(note).toMatchObject({ severity: "warning", field: "postPurchase.upsell.discount" });
      expect(note?.message).toContain("48.5% of the order ($47.00 vs $97.00 for Course)");
      const small = adviseFunnel(withSequence({ upsell: postPurchase(product("Cheat sheet", 2425)), downsell: null }));
      expect(rules(small)).not.toContain("impulse_upsell_too_expensive");
    });

    it("does not hold a premium upsell to the impulse limit", () => {
      expect(rules(adviseFunnel(clean()))).not.toContain("impulse_upsell_too_expensive");
    });

    it("warns about a premium upsell outside 2-3x the core offer", () => {
      const cheap = adviseFunnel(withSequence({ upsell: postPurchase(product("Coaching", 15_000), { premium: true }) }));
      expect(only(cheap, "premium_upsell_out_of_range")[0]?.message).toContain("1.5x the core offer");
      const dear = adviseFunnel(withSequence({ upsell: postPurchase(product("Mastermind", 29_101), { premium: true }) }));
      expect(rules(dear)).toContain("premium_upsell_out_of_range");
      for (const cents of [19_400, 29_100]) {
        const inside = adviseFunnel(withSequence({ upsell: postPurchase(product("Coaching", cents), { premium: true }), downsell: null }));
        expect(rules(inside), String(cents)).not.toContain("premium_upsell_out_of_range");
      }
    });

    it("applies the bands to the follow-up too", () => {
      const notes = adviseFunnel(withSequence({ followUp: postPurchase(product("Another course", 9700)) }));
      expect(only(notes, "impulse_upsell_too_expensive")[0]?.field).toBe("postPurchase.followUp.discount");
    });
  });

  it("warns when the downsell is not cheaper than the upsell", () => {
    const same = adviseFunnel(withSequence({ downsell: postPurchase(product("Coaching lite", 19_700)) }));
    expect(only(same, "downsell_not_cheaper")).toEqual([
      expect.objectContaining({ severity: "warning", field: "postPurchase.downsell.discount" }),
    ]);
    expect(only(same, "downsell_not_cheaper")[0]?.message).toContain("($197.00) is not cheaper than the upsell it replaces ($197.00)");
    // A discount can make it cheaper.
    const discounted = adviseFunnel(withSequence({ downsell: postPurchase(product("Coaching lite", 19_700), { discount: { type: "percentage", percent: 50 } }) }));
    expect(rules(discounted)).not.toContain("downsell_not_cheaper");
  });

  it("blocks more than three post-purchase offers", () => {
    const sequence = { ...clean().postPurchase, followUp: postPurchase(qa), extra: postPurchase(qa) } as PostPurchaseSequence;
    const notes = adviseFunnel(clean({ postPurchase: sequence }));
    expect(only(notes, "too_many_post_purchase_offers")).toEqual([
      expect.objectContaining({ severity: "error", field: "postPurchase" }),
    ]);
    expect(hasBlockingNotes(notes)).toBe(true);
    expect(rules(adviseFunnel(withSequence({ followUp: postPurchase(product("Cards", 1900)) })))).not.toContain(
      "too_many_post_purchase_offers",
    );
  });

  it("says a buyer sees the downsell or the follow-up, never both, when all three are set", () => {
    const notes = adviseFunnel(withSequence({ followUp: postPurchase(product("Cards", 1900)) }));
    expect(only(notes, "downsell_or_follow_up")).toEqual([expect.objectContaining({ severity: "info", field: "postPurchase" })]);
    expect(only(notes, "downsell_or_follow_up")[0]?.message).toContain("at most 2 post-purchase offers");
    expect(rules(adviseFunnel(clean()))).not.toContain("downsell_or_follow_up");
  });

  it("blocks a downsell or follow-up without an upsell: nobody would see them", () => {
    const notes = adviseFunnel(withSequence({ upsell: null, followUp: postPurchase(product("Cards", 1900)) }));
    expect(only(notes, "step_without_upsell").map((n) => [n.severity, n.field])).toEqual([
      ["error", "postPurchase.downsell"],
      ["error", "postPurchase.followUp"],
    ]);
    expect(hasBlockingNotes(notes)).toBe(true);
    // No post-purchase offers at all is fine (a bump-only funnel).
    const bumpOnly = adviseFunnel(withSequence({ upsell: null, downsell: null }));
    expect(rules(bumpOnly)).not.toContain("step_without_upsell");
    expect(rules(bumpOnly)).not.toContain("no_downsell");
  });

  it("suggests a downsell when there is an upsell without one", () => {
    const notes = only(adviseFunnel(withSequence({ downsell: null })), "no_downsell");
    expect(notes).toEqual([expect.objectContaining({ severity: "info", field: "postPurchase.downsell" })]);
    expect(notes[0]?.message).toContain("costs nothing to have");
    expect(rules(adviseFunnel(clean()))).not.toContain("no_downsell");
  });

  describe("button wording", () => {
    it.each(["Buy the workbook", "Purchase", "Pay $27", "Complete order"])("warns about %j on the bump's checkbox", (label) => {
      const f = clean();
      const notes = adviseFunnel({ ...f, bump: f.bump && { ...f.bump, copy: { ...f.bump.copy, checkboxLabel: label } } });
      expect(only(notes, "checkout_wording")).toEqual([expect.objectContaining({ severity: "warning", field: "bump.copy.checkboxLabel" })]);
      expect(only(notes, "checkout_wording")[0]?.message).toContain('"Add to my order"');
    });

    it("has nothing to say about post-purchase buttons: they are preset pairs", () => {
      for (const labels of ["add_to_my_order", "yes_add_it", "accept_offer"] as const) {
        expect(rules(adviseFunnel(withSequence({ upsell: postPurchase(coaching, { premium: true, labels }) })))).not.toContain("checkout_wording");
      }
    });
  });

  describe("the callout at the top of the post-purchase page", () => {
    const withCopy = (headline: string, body: string, discount: OfferDiscount = { type: "none" }) => {
      const upsell = postPurchase(coaching, { premium: true, discount });
      return only(adviseFunnel(withSequence({ upsell: { ...upsell, copy: { ...upsell.copy, headline, body } } })), "callout_missing_offer");
    };

    it("warns when the headline and description name neither the product nor the discount", () => {
      expect(withCopy("Wait!", "One click adds it.")).toEqual([
        expect.objectContaining({ severity: "warning", field: "postPurchase.upsell.copy.headline" }),
      ]);
      expect(withCopy("Add the Coaching add-on", "One click.", { type: "percentage", percent: 20 })[0]?.message).toContain("the discount");
    });

    it("is content when they name the product, and the discount when there is one", () => {
      expect(withCopy("Add the coaching add-on", "One click adds it.")).toEqual([]);
      expect(withCopy("Coaching add-on, 20% off", "One click adds it.", { type: "percentage", percent: 20 })).toEqual([]);
      expect(withCopy("Want help?", "Add the Coaching add-on for less.", { type: "percentage", percent: 20 })).toEqual([]);
    });
  });

  describe("urgency the app does not enforce", () => {
    it.each([
      ["bump.copy.description", "Only at this price today."],
      ["bump.copy.title", "Last chance: add the workbook"],
      ["postPurchase.upsell.copy.headline", "Hurry, this offer expires"],
      ["postPurchase.upsell.copy.body", "A limited time price, before it's gone."],
      ["postPurchase.downsell.copy.body", "Only now, with a countdown."],
    ])("warns about %s %j", (field, text) => {
      const f = clean({ postPurchase: { ...clean().postPurchase, downsell: postPurchase(qa) } });
      const parts = field.split(".");
      const step = parts[1] as "upsell" | "downsell";
      const key = parts[parts.length - 1]!;
      const edited: Funnel =
        parts[0] === "bump"
          ? { ...f, bump: f.bump && { ...f.bump, copy: { ...f.bump.copy, [key]: text } } }
          : {
              ...f,
              postPurchase: {
                ...f.postPurchase,
                [step]: { ...f.postPurchase[step]!, copy: { ...f.postPurchase[step]!.copy, [key]: text } },
              },
            };
      expect(only(adviseFunnel(edited), "unenforced_urgency")).toEqual([expect.objectContaining({ severity: "warning", field })]);
    });

    it("does not mistake ordinary words for urgency", () => {
      const f = clean();
      const notes = adviseFunnel({
        ...f,
        bump: f.bump && { ...f.bump, copy: { ...f.bump.copy, description: "Now with every lesson on paper, for each day of the course." } },
      });
      expect(rules(notes)).not.toContain("unenforced_urgency");
    });
  });

  describe("offers the buyer already has", () => {
    it("warns when a post-purchase offer is a trigger product at full price", () => {
      const notes = only(adviseFunnel(withSequence({ downsell: postPurchase(course) })), "offer_already_in_purchase");
      expect(notes).toEqual([expect.objectContaining({ severity: "warning", field: "postPurchase.downsell.product" })]);
      expect(notes[0]?.message).toContain("already has Course");
    });

    it("treats a discounted repeat of the core as 'more of the same': an info, and no impulse band", () => {
      const notes = adviseFunnel(withSequence({ upsell: postPurchase(course, { discount: { type: "percentage", percent: 25 } }), downsell: null }));
      expect(only(notes, "offer_already_in_purchase")).toEqual([
        expect.objectContaining({ severity: "info", field: "postPurchase.upsell.product" }),
      ]);
      expect(rules(notes)).not.toContain("impulse_upsell_too_expensive");
    });

    it("uses the products the caller knows are in the purchase", () => {
      const context = { purchaseProductIds: [qa.productId, workbook.productId] };
      const notes = only(adviseFunnel(clean(), context), "offer_already_in_purchase");
      expect(notes.map((n) => [n.severity, n.field])).toEqual([
        ["warning", "bump.product"],
        ["warning", "postPurchase.downsell.product"],
      ]);
      expect(rules(adviseFunnel(clean(), { purchaseProductIds: [product("Mug", 1500).productId] }))).not.toContain(
        "offer_already_in_purchase",
      );
    });
  });

  describe("discounts that break the price", () => {
    it("blocks a discount that makes the bump free", () => {
      for (const discount of [
        { type: "percentage", percent: 100 },
        { type: "fixed_amount", amount: 3600 },
        { type: "fixed_amount", amount: 5000 },
      ] as OfferDiscount[]) {
        const notes = adviseFunnel(withBump(discount));
        expect(only(notes, "free_offer"), JSON.stringify(discount)).toEqual([
          expect.objectContaining({ severity: "error", field: "bump.discount" }),
        ]);
        expect(hasBlockingNotes(notes)).toBe(true);
      }
      const fixed = only(adviseFunnel(withBump({ type: "fixed_amount", amount: 5000 })), "free_offer")[0];
      expect(fixed?.message).toContain("makes Workbook free ($50.00 off a $36.00 price)");
      expect(rules(adviseFunnel(withBump({ type: "fixed_amount", amount: 3599 })))).not.toContain("free_offer");
    });

    it("blocks a free upsell or downsell too", () => {
      const notes = adviseFunnel(withSequence({ downsell: postPurchase(qa, { discount: { type: "percentage", percent: 100 } }) }));
      expect(only(notes, "free_offer")[0]?.field).toBe("postPurchase.downsell.discount");
    });

    it("blocks a product priced 0.00 too, naming the price rather than the discount", () => {
      const notes = only(adviseFunnel(withBump({ type: "none" }, product("Free sample", 0))), "free_offer");
      expect(notes).toEqual([expect.objectContaining({ severity: "error", field: "bump.product" })]);
      expect(notes[0]?.message).toContain("Free sample costs $0.00 in Shopify");
    });

    it("blocks a fixed amount the price has fallen below, as publishing re-checks it", () => {
      // The workbook was $36 with $9 off; its price in Shopify is now $5.
      const notes = adviseFunnel(withBump({ type: "fixed_amount", amount: 900 }, product("Workbook", 500)));
      expect(only(notes, "free_offer")[0]?.message).toContain("makes Workbook free ($9.00 off a $5.00 price)");
      expect(hasBlockingNotes(notes)).toBe(true);
    });

    it("blocks percentages outside 0-100 and negative or fractional fixed amounts", () => {
      for (const discount of [
        { type: "percentage", percent: 120 },
        { type: "percentage", percent: -5 },
        { type: "percentage", percent: Number.NaN },
        { type: "percentage", percent: 12.345678 },
        { type: "fixed_amount", amount: -100 },
        { type: "fixed_amount", amount: 10.5 },
      ] as OfferDiscount[]) {
        const notes = adviseFunnel(withBump(discount));
        expect(only(notes, "invalid_discount"), JSON.stringify(discount)).toEqual([
          expect.objectContaining({ severity: "error", field: "bump.discount" }),
        ]);
      }
      expect(only(adviseFunnel(withBump({ type: "percentage", percent: 120 })), "invalid_discount")[0]?.message).toBe(
        "A percentage discount must be between 0 and 100; it is 120.",
      );
      for (const discount of [{ type: "percentage", percent: 0 }, { type: "percentage", percent: 33.3333 }, { type: "fixed_amount", amount: 0 }] as OfferDiscount[]) {
        expect(rules(adviseFunnel(withBump(discount))), JSON.stringify(discount)).not.toContain("invalid_discount");
      }
    });
  });

  it("blocks quantities below 1", () => {
    for (const quantity of [0, -1, 1.5]) {
      const notes = adviseFunnel(withBump({ type: "none" }, workbook, quantity));
      expect(only(notes, "invalid_quantity"), String(quantity)).toEqual([
        expect.objectContaining({ severity: "error", field: "bump.quantity" }),
      ]);
    }
    const upsell = adviseFunnel(withSequence({ upsell: postPurchase(coaching, { premium: true, quantity: 0 }) }));
    expect(only(upsell, "invalid_quantity")[0]?.field).toBe("postPurchase.upsell.quantity");
    expect(rules(adviseFunnel(withBump({ type: "none" }, product("Pens", 1000), 2)))).not.toContain("invalid_quantity");
  });

  it("lists errors first, then warnings, then infos", () => {
    const notes = adviseFunnel(
      clean({
        bump: bump(product("Sticker", 100)),
        postPurchase: { upsell: postPurchase(product("Templates", 9700)), downsell: null, followUp: null },
      }),
      { purchaseProductIds: [] },
    );
    const severities = notes.map((n) => n.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)));
    expect(new Set(severities)).toEqual(new Set(["warning", "info"]));
  });

  it("formats money with the injected formatter", () => {
    const notes = adviseFunnel(withBump({ type: "none" }, product("Kit", 9700)), {
      formatMoney: (m) => `${(m.amount / 100).toFixed(2)} ${m.currency}`,
    });
    expect(only(notes, "bump_too_expensive")[0]?.message).toContain("(97.00 USD of 97.00 USD)");
  });

  it("skips comparisons across currencies instead of throwing", () => {
    const euroKit = { ...product("Kit", 9000), price: money(9000, "EUR") };
    expect(() => adviseFunnel(withBump({ type: "none" }, euroKit))).not.toThrow();
    expect(rules(adviseFunnel(withBump({ type: "none" }, euroKit)))).not.toContain("bump_too_expensive");
  });
});
