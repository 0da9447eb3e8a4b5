import { describe, expect, it } from "vitest";
import { adviseFunnel, hasBlockingNotes } from "./advisor";
import type { OfferProduct } from "./funnel";
import { type PricedOffer, offerPrice } from "./offer-pricing";
import { FUNNEL_TEMPLATES, type FunnelTemplate, type TemplateRole, funnelFromTemplate } from "./templates";
import { product } from "./test-fixtures";

const template = (id: string): FunnelTemplate => {
  const found = FUNNEL_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`no template ${id}`);
  return found;
};

const example = (role: TemplateRole): OfferProduct => product(role.exampleTitle, role.examplePrice.amount);

/** The template mapped onto products with its own example names and prices. */
function exampleFunnel(t: FunnelTemplate) {
  const core = example(t.core);
  return funnelFromTemplate(
    t,
    {
      core,
      bump: example(t.bump),
      upsell: t.upsell.repeatsCore ? undefined : example(t.upsell),
      downsell: example(t.downsell),
    },
    { id: `example-${t.id}`, createdAt: "2025-06-01T12:00:00.000Z" },
  );
}

const dollars = (cents: number) => cents / 100;

describe("FUNNEL_TEMPLATES", () => {
  it("holds the playbook's three stacks at the playbook's offer prices", () => {
    const stacks = FUNNEL_TEMPLATES.map((t) => {
      const f = exampleFunnel(t);
      const price = (offer: PricedOffer | null) => (offer ? dollars(offerPrice(offer).offer.amount) : null);
      return [
        t.businessType,
        dollars(t.core.examplePrice.amount),
        price(f.bump),
        price(f.postPurchase.upsell),
        price(f.postPurchase.downsell),
      ];
    });
    expect(stacks).toEqual([
      ["course_creator", 97, 27, 197, 47],
      ["ecommerce", 60, 12, 45, 19], // second set, 25% off
      ["coaching", 300, 49, 900, 150],
    ]);
  });

  it("marks the next-step upsells premium and puts a strikethrough on every bump", () => {
    expect(FUNNEL_TEMPLATES.map((t) => [t.id, t.upsell.premium])).toEqual([
      ["course-creator", true],
      ["ecommerce", false],
      ["coaching", true],
    ]);
    for (const t of FUNNEL_TEMPLATES) expect(t.bump.discount.type, t.id).not.toBe("none");
  });

  it("uses one-click wording that the advisor accepts", () => {
    for (const t of FUNNEL_TEMPLATES) {
      expect(t.upsell.copy.labels).toBe("add_to_my_order");
      expect(t.downsell.copy.labels).toBe("add_to_my_order");
      // Two or three sentences in the bump description.
      const sentences = t.bump.copy.description.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 1);
      expect(sentences.length, t.id).toBeGreaterThanOrEqual(2);
      expect(sentences.length, t.id).toBeLessThanOrEqual(3);
    }
  });

  it("make no outcome or urgency claims and name the payment method honestly", () => {
    for (const t of FUNNEL_TEMPLATES) {
      const texts = [t.bump.copy, t.upsell.copy, t.downsell.copy].flatMap((copy) => Object.values(copy));
      for (const text of texts) {
        expect(text, t.id).not.toMatch(/card on file|faster|guarantee|only available|today|results|no extra shipping/i);
      }
    }
  });

  describe.each(FUNNEL_TEMPLATES.map((t) => [t.id, t] as const))("%s run through the advisor", (_id, t) => {
    it("has no errors and no warnings with its example prices", () => {
      const notes = adviseFunnel(exampleFunnel(t));
      expect(hasBlockingNotes(notes)).toBe(false);
      expect(notes.filter((n) => n.severity === "warning")).toEqual([]);
    });
  });

  it("gives the interesting notes only where the numbers call for them", () => {
    const notes = (id: string) => adviseFunnel(exampleFunnel(template(id))).map((n) => `${n.severity}:${n.rule}`);
    expect(notes("course-creator")).toEqual([]);
    // $12 of $60 is exactly 20%: not too expensive, not too cheap.
    expect(notes("ecommerce")).toEqual(["info:offer_already_in_purchase"]); // a second set: "more of the same"
    // $49 of $300 is 16.3%: the playbook's own example sits just under the 20-40% band.
    expect(notes("coaching")).toEqual(["info:bump_too_cheap"]);
  });
});

describe("funnelFromTemplate", () => {
  const t = template("course-creator");
  const core = product("Photography masterclass", 12_900, { productId: 7_654_321_098_765, variantId: 43_210_987_654_321 });
  const workbook = product("Shot-list workbook", 2900);

  it("builds a draft funnel triggered by the core product, with the template's discounts and copy", () => {
    const f = funnelFromTemplate(t, { core, bump: workbook }, { id: "f-1", createdAt: "2025-06-01T12:00:00.000Z" });
    expect(f).toMatchObject({
      id: "f-1",
      name: "Course creator: Photography masterclass",
      status: "draft",
      priority: 0,
      createdAt: "2025-06-01T12:00:00.000Z",
      trigger: { match: { type: "products", products: [core] }, minSubtotal: null, maxSubtotal: null },
      bump: { product: workbook, quantity: 1, discount: { type: "percentage", percent: 25 } },
      postPurchase: { upsell: null, downsell: null, followUp: null },
    });
    expect(f.bump?.copy.title).toBe("Add Shot-list workbook");
    expect(f.bump?.copy.checkboxLabel).toBe("Yes, add it to my order");
  });

  it("fills the picked product's title into the copy", () => {
    const coaching = product("1:1 portfolio review", 24_900);
    const f = funnelFromTemplate(t, { core, upsell: coaching }, { id: "f-2", createdAt: "2025-06-01T12:00:00.000Z", name: "Mine" });
    expect(f.name).toBe("Mine");
    expect(f.postPurchase.upsell?.copy.body).toContain("Add 1:1 portfolio review to your order");
    expect(f.postPurchase.upsell?.premium).toBe(true);
    expect(JSON.stringify(f)).not.toContain("{product}");
  });

  it("defaults a 'second one' upsell to the core product", () => {
    const e = template("ecommerce");
    const f = funnelFromTemplate(e, { core }, { id: "f-3", createdAt: "2025-06-01T12:00:00.000Z" });
    expect(f.postPurchase.upsell?.product).toBe(core);
    expect(f.postPurchase.upsell?.copy.headline).toBe("Get a second Photography masterclass for less");
    expect(funnelFromTemplate(t, { core }, { id: "f-4", createdAt: "2025-06-01T12:00:00.000Z" }).postPurchase.upsell).toBeNull();
  });

  it("does not share discount objects with the template", () => {
    const f = funnelFromTemplate(t, { core, bump: workbook }, { id: "f-5", createdAt: "2025-06-01T12:00:00.000Z" });
    expect(f.bump?.discount).not.toBe(t.bump.discount);
  });
});
