import type { Funnel } from "@upstack/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { appJobs } from "~/jobs/jobs.server";
import { createFunnel } from "~/models/funnel.server";
import { action as dashboardAction, loader as dashboard } from "~/routes/app._index";
import { loader as funnelPage } from "~/routes/app.funnels.$id";
import { bump, funnel, product } from "../../packages/core/src/test-fixtures";
import { stubAdminGraphql } from "../support/admin-graphql-stub";
import { mswServer } from "../support/msw-server";
import { adminRequest, installShop, runRoute as load, TEST_APP } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";
import { answerStoreSetup } from "../support/store-setup";

// The setup guide: the plan and the live theme are read by a background job
// (never by a page load), stored, and shown with what is left to do.

const SHOP = "setup-shop.myshopify.com";
const shopify = stubAdminGraphql();

const answerStore = (options: { plus: boolean; embedOn: boolean }) => answerStoreSetup(shopify, options);

type Surface = { surface: string; state: string; reason: string; steps: { url: string; done: boolean | null }[] };
type Guide = { surfaces: Surface[]; checking: boolean; checkedAt: string | null };
const surface = (guide: Guide, name: string) => guide.surfaces.find((s) => s.surface === name)!;

beforeEach(async () => {
  await resetShop(SHOP);
  await installShop(SHOP);
  shopify.reset();
  mswServer.use(shopify.handler);
  shopify.answer("UpstackShopSummary", {
    data: { shop: { name: "Setup Shop", currencyCode: "USD", myshopifyDomain: SHOP, plan: { shopifyPlus: false, partnerDevelopment: false } } },
  });
});
afterEach(() => {
  expect(shopify.failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
});

const openHome = async () => (await (await load(dashboard, adminRequest("/app", SHOP))).json()) as { setup: Guide };

describe("the setup guide", () => {
  it("reads the plan and theme in the background, then shows what a store not on Plus can use and do", async () => {
    const first = await openHome();
    // The page load asked Shopify only for the shop's summary; the reading is a queued job.
    expect(shopify.calls.map((call) => call.operationName)).toEqual(["UpstackShopSummary"]);
    expect(first.setup.checking).toBe(true);
    expect(surface(first.setup, "checkoutBump").state).toBe("unknown");

    answerStore({ plus: false, embedOn: false });
    await appJobs().runDueJobs();
    expect(shopify.calls.map((call) => call.operationName)).toContain("UpstackStoreSetup");

    const after = await openHome();
    expect(after.setup.checking).toBe(false);
    expect(surface(after.setup, "checkoutBump")).toMatchObject({ state: "unavailable" });
    expect(surface(after.setup, "checkoutBump").reason).toMatch(/only on Shopify Plus/);
    expect(surface(after.setup, "cartBump")).toMatchObject({ state: "todo" });
    expect(surface(after.setup, "cartBump").steps[0]!.url).toBe(
      `https://${SHOP}/admin/themes/current/editor?context=apps&template=cart&activateAppId=${TEST_APP.apiKey}/cart-bump-embed`,
    );
    expect(surface(after.setup, "postPurchase").state).toBe("todo");
    expect(surface(after.setup, "thankYou").state).toBe("todo");
  });

  it("sees the cart embed turned on and a Plus plan after 'Check again'", async () => {
    answerStore({ plus: false, embedOn: false });
    await openHome();
    await appJobs().runDueJobs();
    answerStore({ plus: true, embedOn: true });
    await load(dashboardAction, adminRequest("/app", SHOP, "fetch", { method: "POST", body: new URLSearchParams() }));
    await appJobs().runDueJobs();
    const guide = (await openHome()).setup;
    expect(surface(guide, "cartBump").state).toBe("ready");
    expect(surface(guide, "checkoutBump").state).toBe("todo");
    expect(await db.shopSetup.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ shopifyPlus: true, cartEmbedEnabled: true });
  });

  it("tells a funnel page why the funnel cannot show anything, and stops saying so once a surface is live", async () => {
    const draft = ({ id: _id, createdAt: _createdAt, ...rest }: Funnel) => rest;
    const course = product("Course", 9700);
    const stored = await createFunnel(SHOP, draft(funnel(course, { status: "active", bump: bump(product("Workbook", 2700)), postPurchase: { upsell: null, downsell: null, followUp: null } })));
    answerStore({ plus: false, embedOn: false });
    await openHome();
    await appJobs().runDueJobs();
    const page = async () =>
      (await (await load(funnelPage, adminRequest(`/app/funnels/${stored.id}`, SHOP), { id: stored.id })).json()) as { reach: { canShow: boolean; reasons: string[] } };
    const before = await page();
    expect(before.reach.canShow).toBe(false);
    expect(before.reach.reasons.join(" ")).toMatch(/turn on the cart bump/);

    await db.shopSetup.update({ where: { shop: SHOP }, data: { cartEmbedEnabled: true } });
    expect((await page()).reach).toEqual({ canShow: true, reasons: [] });
  });
});
