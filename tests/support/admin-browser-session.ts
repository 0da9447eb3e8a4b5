import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import type { stubAdminGraphql } from "./admin-graphql-stub";
import { startAppServer } from "./app-server";
import { CHROMIUM_ARGS, browserTestPlan } from "./browser-plan";
import { newAdminPage } from "./embedded-admin";
import { mswServer } from "./msw-server";
import { installShop } from "./shopify-requests";
import { resetShop } from "./shop-rows";
import { answerStoreSetup } from "./store-setup";

/** Where browser tests put their screenshots (git-ignored). */
export const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "test-results");

/**
 * What every browser test of the embedded admin does around its tests: the
 * production server and Chromium for the file; before each test the shops
 * reset, the shop installed, the stubbed Admin API in place (with the setup
 * guide's reading of the store, which the server's job worker runs when the
 * app opens) and a fresh admin page; after each, every stubbed answer checked
 * against Shopify's schema. Read `app` and `page` from the returned object
 * inside hooks and tests.
 */
export function adminBrowserSession(options: {
  shop: string;
  shopify: ReturnType<typeof stubAdminGraphql>;
  /** Other shops the tests write rows for, reset too. */
  otherShops?: string[];
  storeSetup?: Parameters<typeof answerStoreSetup>[1];
}) {
  const session = {} as { app: Awaited<ReturnType<typeof startAppServer>>; browser: Browser; page: Page };
  beforeAll(async () => {
    session.app = await startAppServer();
    session.browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.app?.close();
  });
  beforeEach(async () => {
    await resetShop(options.shop, ...(options.otherShops ?? []));
    await installShop(options.shop);
    mswServer.use(options.shopify.handler);
    answerStoreSetup(options.shopify, options.storeSetup);
    session.page = await newAdminPage(session.browser);
  });
  afterEach(async () => {
    await session.page?.close();
    const failures = [...options.shopify.failures];
    options.shopify.reset();
    expect(failures, "stubbed Shopify answers must match the real Admin schema").toEqual([]);
  });
  return session;
}
