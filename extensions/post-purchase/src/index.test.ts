import type { ShopifyGlobal } from "@shopify/post-purchase-ui-extensions-react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { inputData } from "./test-support";

// See PostPurchasePage.test.tsx: the package's CommonJS build, for Node.
vi.mock("@shopify/post-purchase-ui-extensions-react", () => import("@shopify/post-purchase-ui-extensions-react/index.js"));

describe("the extension's entry", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("registers ShouldRender and Render with the host", async () => {
    const extend = vi.fn<ShopifyGlobal["extend"]>();
    vi.stubGlobal("self", { shopify: { extend, reload: () => {} } satisfies ShopifyGlobal });
    await import("./index");
    vi.unstubAllGlobals();

    expect(extend.mock.calls.map(([point]) => point)).toEqual([
      "Checkout::PostPurchase::ShouldRender",
      "Checkout::PostPurchase::Render",
    ]);
    const shouldRender = extend.mock.calls[0]?.[1] as (api: unknown) => Promise<{ render: boolean }>;
    // No app URL in the build and no app metafield: no request, no page.
    vi.stubEnv("APP_URL", undefined);
    vi.stubEnv("SHOPIFY_APP_URL", undefined);
    await expect(
      shouldRender({ inputData: inputData({ metafields: [] }), storage: { initialData: undefined, update: vi.fn() } }),
    ).resolves.toEqual({ render: false });
  });
});
