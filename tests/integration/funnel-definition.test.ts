import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import db from "~/db.server";
import { activeFunnels, createFunnel, findFunnel } from "~/models/funnel.server";
import { FUNNEL_DEFINITION_VERSION } from "~/models/funnel-definition.server";
import { loader as listPage } from "~/routes/app.funnels._index";
import { bump, funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { resetShop } from "../support/shop-rows";
import { adminRequest, installShop, runRoute } from "../support/shopify-requests";

const SHOP = "stored-funnel-shop.myshopify.com";
const shopify = stubAdminGraphql();
const course = product("Launch Your Course", 9700);
const good = funnel(course, {
  name: "Course stack",
  bump: bump(product("Workbook", 2700)),
  postPurchase: { upsell: postPurchase(product("Coaching", 19700), { premium: true }), downsell: null, followUp: null },
});
const { trigger, bump: goodBump, postPurchase: goodSequence } = good;

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  mswServer.use(shopify.handler);
  errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  errors.mockRestore();
  shopify.reset();
});

const storeRaw = (name: string, definition: string) =>
  db.funnel.create({ data: { shop: SHOP, name, status: "active", priority: 5, definition } });

const BROKEN_ROWS = [
  ["not JSON", "{trigger:", /not valid JSON/],
  [
    "the wrong shape",
    JSON.stringify({ trigger, bump: { ...goodBump, quantity: "two" }, postPurchase: goodSequence }),
    /invalid \(bump\.quantity/,
  ],
  ["a version this app does not know", JSON.stringify({ version: 99, trigger, bump: goodBump, postPurchase: goodSequence }), /version 99/],
] as const;

describe("stored funnel definitions", () => {
  it("are saved with their version", async () => {
    const saved = await createFunnel(SHOP, { ...good, status: "active" });
    const row = await db.funnel.findUniqueOrThrow({ where: { id: saved.id } });
    expect(JSON.parse(row.definition)).toMatchObject({ version: FUNNEL_DEFINITION_VERSION, bump: goodBump });
  });

  // Version 1 had free-text button labels; Shopify's review wants preset pairs, so old rows read with the nearest pair.
  const v1Offer = (offer: typeof coaching, acceptLabel: string, declineLabel: string) => ({
    ...offer,
    copy: { headline: offer.copy.headline, body: offer.copy.body, acceptLabel, declineLabel },
  });
  const coaching = postPurchase(product("Coaching", 19700), { premium: true });
  const qa = postPurchase(product("Group Q&A", 4700));
  const templates = postPurchase(product("Templates", 1900));

  it("a version 1 row (or one from before versions) reads with the nearest preset button pair", async () => {
    const v1Sequence = {
      upsell: v1Offer(coaching, "Add to my order", "No thanks"),
      downsell: v1Offer(qa, "Yes please!", "Nope"),
      followUp: v1Offer(templates, "Grab it now", "Skip"),
    };
    const unversioned = await storeRaw("Old", JSON.stringify({ trigger, bump: goodBump, postPurchase: v1Sequence }));
    const v1 = await storeRaw("Version 1", JSON.stringify({ version: 1, trigger, bump: goodBump, postPurchase: v1Sequence }));
    for (const row of [unversioned, v1]) {
      const read = await findFunnel(SHOP, row.id);
      expect(read).toMatchObject({ trigger, bump: goodBump });
      expect(read?.postPurchase).toEqual({
        upsell: { ...coaching, copy: { headline: coaching.copy.headline, body: coaching.copy.body, labels: "add_to_my_order" } },
        downsell: { ...qa, copy: { headline: qa.copy.headline, body: qa.copy.body, labels: "yes_add_it" } },
        followUp: { ...templates, copy: { headline: templates.copy.headline, body: templates.copy.body, labels: "add_to_my_order" } },
      });
    }
    expect(errors).not.toHaveBeenCalled();
  });

  it("a version 2 row with free-text labels instead of a pair is reported, not read", async () => {
    const row = await storeRaw(
      "Forged",
      JSON.stringify({ version: 2, trigger, bump: goodBump, postPurchase: { ...goodSequence, upsell: v1Offer(coaching, "Buy", "No") } }),
    );
    await expect(activeFunnels(SHOP)).resolves.not.toContainEqual(expect.objectContaining({ id: row.id }));
  });

  it.each(BROKEN_ROWS)("a row that is %s is skipped by active funnel reads and reported", async (_, definition, problem) => {
    const fine = await createFunnel(SHOP, { ...good, status: "active" });
    const broken = await storeRaw("Broken", definition);
    expect((await activeFunnels(SHOP)).map((f) => f.id)).toEqual([fine.id]);
    expect(await findFunnel(SHOP, broken.id)).toBeNull();
    expect(errors).toHaveBeenCalled();
    const report = JSON.parse(String(errors.mock.calls[0]?.[0])) as Record<string, string>;
    expect(report).toMatchObject({ event: "unreadable_definition", shop: SHOP, funnelId: broken.id });
    expect(report.problem).toMatch(problem);
  });

  it.each(BROKEN_ROWS)("a row that is %s shows on the funnels page as broken, with the reason", async (_, definition, problem) => {
    await createFunnel(SHOP, { ...good, status: "active" });
    const broken = await storeRaw("Broken", definition);
    const response = await runRoute(listPage, adminRequest("/app/funnels", SHOP));
    expect(response.status).toBe(200);
    const { funnels } = (await response.json()) as { funnels: { id: string; name: string; attention: string | null; offers: string[] }[] };
    expect(funnels.map((f) => f.name)).toEqual(["Course stack", "Broken"]);
    const row = funnels.find((f) => f.id === broken.id);
    expect(row?.attention).toMatch(/^Broken: /);
    expect(row?.attention).toMatch(problem);
  });
});
