import { readdirSync } from "node:fs";
import path from "node:path";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startAppServer } from "../support/app-server";
import { mswServer } from "../support/msw-server";
import { postPurchaseToken } from "../support/post-purchase-requests";
import { installShop } from "../support/shopify-requests";
import { resetShop } from "../support/shop-rows";

// The production server (server.mjs) over real HTTP, on the production build:
// the buyer-side API routes it answers directly, and what it leaves to Remix.

const SHOP = "server-shop.myshopify.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const CHECKOUT = "https://checkout.shopify.com";

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

describe("what the production server leaves to Remix", () => {
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
