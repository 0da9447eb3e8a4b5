import { readdirSync } from "node:fs";
import path from "node:path";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAppServer } from "../support/app-server";
import { mswServer } from "../support/msw-server";
import { postPurchaseToken } from "../support/post-purchase-requests";
import { installShop } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";
import { createFunnel } from "~/models/funnel.server";
import type { Funnel } from "@upstack/core";
import { funnel, postPurchase, product } from "../../packages/core/src/test-fixtures";

// The production server (server.mjs) over real HTTP, on the production build:
// every route, the buyer-side API routes included, through Remix, with
// compression and the access log around it.

const SHOP = "server-shop.myshopify.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const CHECKOUT = "https://checkout.shopify.com";

const course = product("Video course", 9700, { productId: 8_200_000_000_001, variantId: 44_200_000_000_001 });
const coaching = product("Coaching call", 19_700, { productId: 8_200_000_000_002, variantId: 44_200_000_000_002 });
const qaPass = product("Group Q&A pass", 4700, { productId: 8_200_000_000_003, variantId: 44_200_000_000_003 });
const courseLine = { productId: 8_200_000_000_001, variantId: 44_200_000_000_001, quantity: 1, total: "97.00" };
const withoutId = ({ id: _id, createdAt: _createdAt, ...draft }: Funnel) => draft;

let app: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});
beforeEach(async () => {
  // Requests to our own server leave the process for real; nothing else does.
  mswServer.use(http.all(`${app.url}/*`, () => passthrough()));
  await resetShop(SHOP);
  await installShop(SHOP);
});

const post = (route: string, token: string | null, body: unknown) =>
  fetch(`${app.url}${route}`, {
    method: "POST",
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      "Content-Type": "application/json",
      Origin: CHECKOUT,
      "User-Agent": BROWSER,
    },
    body: JSON.stringify(body),
  });

describe("the post-purchase endpoints through the production server", () => {
  it("answers the preflight, then a verified offer request, with CORS on both", async () => {
    const preflight = await fetch(`${app.url}/api/post-purchase/offer`, {
      method: "OPTIONS",
      headers: { Origin: CHECKOUT, "User-Agent": BROWSER, "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);

    const token = await postPurchaseToken({ shop: SHOP, referenceId: "server-ref-1" });
    const offer = await post("/api/post-purchase/offer", token, { referenceId: "server-ref-1" });
    expect(offer.status).toBe(200);
    expect(offer.headers.get("access-control-allow-origin")).toBe("*");
    expect(offer.headers.get("cache-control")).toBe("no-store");
    // The shop has no funnels: nothing to offer, said plainly.
    expect(await offer.json()).toEqual({ referenceId: "server-ref-1", offers: [] });
  });

  it("verifies the token on the bare route and refuses a forged one with a readable reason", async () => {
    const token = await postPurchaseToken({ shop: SHOP, referenceId: "server-ref-2" });
    const ok = await post("/api/post-purchase/ping", token, {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });

    const forged = await post("/api/post-purchase/ping", await postPurchaseToken({ shop: SHOP, referenceId: "server-ref-2", secret: "not-the-secret" }), {});
    expect(forged.status).toBe(401);
    expect(forged.headers.get("access-control-allow-origin")).toBe("*");
    expect(await forged.json()).toMatchObject({ code: "invalid_token" });

    const anonymous = await post("/api/post-purchase/offer", null, { referenceId: "server-ref-2" });
    expect(anonymous.status).toBe(401);
  });
});

describe("what the production server adds around Remix", () => {
  it("logs and compresses the buyer-side API routes like every other route", async () => {
    await createFunnel(SHOP, withoutId(funnel(course, { postPurchase: { upsell: postPurchase(coaching), downsell: postPurchase(qaPass), followUp: null } })));
    const token = await postPurchaseToken({ shop: SHOP, referenceId: "server-ref-3", lineItems: [courseLine] });
    const response = await fetch(`${app.url}/api/post-purchase/offer`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Origin: CHECKOUT, "User-Agent": BROWSER, "Accept-Encoding": "gzip" },
      body: JSON.stringify({ referenceId: "server-ref-3" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(((await response.json()) as { offers: unknown[] }).offers).toHaveLength(2);
    expect(app.accessLog.some((line) => line.startsWith("POST /api/post-purchase/offer 200"))).toBe(true);
  });

  it("serves pages and the build's assets (cached for a year)", async () => {
    const login = await fetch(`${app.url}/auth/login`, { headers: { "User-Agent": BROWSER } });
    expect(login.status).toBe(200);
    expect(login.headers.get("content-type")).toMatch(/text\/html/);

    const asset = readdirSync(path.resolve(import.meta.dirname, "..", "..", "build", "client", "assets")).find((file) => file.endsWith(".js"));
    const script = await fetch(`${app.url}/assets/${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("answers an unknown API path 404, as Remix does", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {}); // Remix logs the miss
    const response = await fetch(`${app.url}/api/nothing-here`, { method: "POST", headers: { "User-Agent": BROWSER } });
    expect(response.status).toBe(404);
    expect(logged.mock.calls.flat().map((value) => (value instanceof Error ? value.message : JSON.stringify(value))).join(" ")).toContain(
      "No route matches",
    );
    logged.mockRestore();
  });
});
