import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { setupServer } from "msw/node";
import { adminFramePage } from "./admin-frame";
import { DEMO_CURRENCY, DEMO_SHOP_DOMAIN, demoProducts, seedHistory } from "./demo-shop";
import { SANDBOX_CREDENTIAL_PREFIX, SANDBOX_MARKER_VARIABLE, sandboxRefusal } from "./safety.mjs";
import { appBridgeStandIn } from "./stand-in/app-bridge";
import { adminSessionToken } from "./stand-in/jwt";
import { createSandboxShop, decimal, installSandboxShop } from "./stand-in/shop-state";
import { shopifyStandIn } from "./stand-in/shopify";
import { createPublishedState } from "./storefront/published-state";
import { storefrontRouter } from "./storefront/router";

/**
 * The sandbox: Upstack's production build, served by the production server's
 * own app (server.mjs), in a process where Shopify is a local stand-in.
 * Everything that makes that possible lives here, never in the build:
 *
 * - the stand-in for Shopify (sandbox/stand-in/shopify.ts), intercepting the
 *   app's calls to https://<shop>/admin/... in this process only (MSW);
 * - the demo shop's state (sandbox/stand-in/shop-state.ts) and its webhooks;
 * - the admin frame (/sandbox): the app in an iframe as Shopify admin shows
 *   it, with an App Bridge stand-in whose session tokens are signed with the
 *   sandbox's own app secret, so the app's real authenticate.admin accepts
 *   them; the app's pages load that stand-in instead of Shopify's CDN;
 * - the storefront and checkout preview (/store, sandbox/storefront/).
 */

const API_KEY = `${SANDBOX_CREDENTIAL_PREFIX}api-key`;
const OFFLINE_TOKEN = `${SANDBOX_CREDENTIAL_PREFIX}offline-access-token`;
const SCOPES = "read_products,write_discounts,read_orders,read_themes";
const APP_BRIDGE_CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
const APP_BRIDGE_LOCAL = "/sandbox/app-bridge.js";
// A browser's user agent: the auth library turns bots away, and Node's fetch reads as one.
const BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

export type SandboxOptions = {
  /** The repository: build/, public/ and server.mjs are read from here. */
  root: string;
  /** Where the database, the shop's state and the app secret are kept. */
  dataDir: string;
  port: number;
  host?: string;
};

export type RunningSandbox = { url: string; origin: string; close: () => Promise<void> };

export class SandboxRefused extends Error {
  override name = "SandboxRefused";
}

/** The sandbox's own app secret, made once per data folder. */
function appSecret(dataDir: string): string {
  const file = path.join(dataDir, "app-secret");
  if (!existsSync(file)) writeFileSync(file, `${SANDBOX_CREDENTIAL_PREFIX}${randomBytes(24).toString("hex")}`, { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const refusal = sandboxRefusal(process.env);
  if (refusal) throw new SandboxRefused(refusal);
  mkdirSync(options.dataDir, { recursive: true });
  const host = options.host ?? "127.0.0.1";
  const apiSecret = appSecret(options.dataDir);

  // The port first: the app's URL (SHOPIFY_APP_URL) must be known before the app is imported.
  const outer = express();
  const server: Server = await new Promise((resolve, reject) => {
    const listening = outer.listen(options.port, host, () => resolve(listening));
    listening.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host}:${port}`;

  Object.assign(process.env, {
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: origin,
    SCOPES,
    DATABASE_URL: `file:${path.join(options.dataDir, "sandbox.sqlite")}`,
    [SANDBOX_MARKER_VARIABLE]: "1",
  });

  const shop = createSandboxShop({
    domain: DEMO_SHOP_DOMAIN,
    currency: DEMO_CURRENCY,
    appOrigin: origin,
    apiKey: API_KEY,
    apiSecret,
    products: demoProducts(),
    statePath: path.join(options.dataDir, "shop-state.json"),
  });
  installSandboxShop(shop);
  seedHistory(shop);

  // Before the app is imported: Shopify's node adapter keeps the fetch it finds at import time.
  // What the app publishes to the stand-in (metafields, its bump discount) is what the storefront preview's checkout reads.
  const published = createPublishedState({ shop: DEMO_SHOP_DOMAIN, apiKey: API_KEY, apiSecret });
  const standIn = shopifyStandIn(shop, { apiKey: API_KEY, apiSecret, offlineToken: OFFLINE_TOKEN }, published);
  const interceptor = setupServer(...standIn.handlers);
  interceptor.listen({
    onUnhandledRequest(request, print) {
      const { hostname } = new URL(request.url);
      if (hostname === "127.0.0.1" || hostname === "localhost") return; // the app's own webhooks and the extensions' calls
      print.error(); // nothing leaves the machine
    },
  });

  const timing = process.env.SANDBOX_TIMING ? (what: string) => console.log(`sandbox: ${what} at ${Math.round(performance.now())} ms`) : () => {};
  timing("stand-in listening");
  const serverModule = path.join(options.root, "server.mjs");
  const { createApp, loadBuild, startJobWorker } = (await import(serverModule)) as typeof import("../server.mjs");
  const build = await loadBuild(path.join(options.root, "build", "server", "index.js"));

  const sessionToken = () => adminSessionToken({ shop: DEMO_SHOP_DOMAIN, apiKey: API_KEY, apiSecret });
  const embeddedUrl = (pathname: string) => {
    const url = new URL(pathname, origin);
    url.searchParams.set("embedded", "1");
    url.searchParams.set("shop", DEMO_SHOP_DOMAIN);
    url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${DEMO_SHOP_DOMAIN.split(".")[0]}`).toString("base64url"));
    url.searchParams.set("id_token", sessionToken());
    return url;
  };

  const sandbox = express.Router();
  sandbox.get("/", (_request, response) => {
    response.type("html").send(adminFramePage({ shop: DEMO_SHOP_DOMAIN, appPath: "/sandbox/open?path=/app" }));
  });
  sandbox.get("/open", (request, response) => {
    const wanted = typeof request.query.path === "string" && /^\/app(\/[\w\-/]*)?$/.test(request.query.path) ? request.query.path : "/app";
    const url = embeddedUrl(wanted);
    response.redirect(302, url.pathname + url.search);
  });
  sandbox.post("/session-token", (_request, response) => {
    response.set("Cache-Control", "no-store").json({ token: sessionToken() });
  });
  sandbox.get("/app-bridge.js", (_request, response) => {
    response
      .type("text/javascript")
      .set("Cache-Control", "no-store")
      .send(appBridgeStandIn({ shop: DEMO_SHOP_DOMAIN, tokenUrl: "/sandbox/session-token", catalogUrl: "/sandbox/catalog.json" }));
  });
  sandbox.get("/catalog.json", (_request, response) => {
    response.json({
      products: shop.variants().map((v) => ({
        id: v.productId,
        title: v.productTitle,
        images: v.imageUrl ? [{ originalSrc: v.imageUrl }] : [],
        variants: [{ id: v.id, title: v.title, price: decimal(v.price, shop.currency) }],
      })),
      collections: [],
    });
  });

  outer.disable("x-powered-by");
  outer.use("/sandbox", sandbox);
  outer.use("/store", storefrontRouter(Object.assign(shop, published.access)));
  outer.use(asEmbeddedInSandbox);
  outer.use(createApp(build, { accessLog: false }));

  timing("build loaded");
  const stopJobWorker = await startJobWorker(build);
  timing("job worker started");
  // A fresh database is installed before the URL is printed; an installed one checks again in the background.
  const database = path.join(options.dataDir, "sandbox.sqlite");
  const stamp = path.join(options.dataDir, "installed");
  const databaseId = existsSync(database) ? String(statSync(database).ino) : "";
  const installing = install(embeddedUrl("/app")).then(() => writeFileSync(stamp, databaseId));
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== databaseId) await installing;
  else installing.catch((error: unknown) => console.error(`sandbox: ${(error as Error).message}`));
  timing("installed");

  return {
    url: `${origin}/sandbox`,
    origin,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await stopJobWorker();
      interceptor.close();
    },
  };
}

/**
 * Opens the app once as the demo shop's admin would: without an offline
 * session the app's real token exchange runs against the stand-in, and its
 * afterAuth hook starts the order backfill, exactly as on a real install.
 */
async function install(url: URL) {
  const response = await fetch(url, { headers: { "User-Agent": BROWSER_AGENT, Accept: "text/html" } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`The app did not open for the demo shop (HTTP ${response.status})`);
}

/**
 * The app's pages as the sandbox frames them: App Bridge from the sandbox,
 * not Shopify's CDN (unreachable), and framing allowed from the sandbox's
 * admin frame (the app allows only Shopify admin's origins).
 */
function asEmbeddedInSandbox(request: Request, response: Response, next: NextFunction) {
  if (request.method !== "GET" || !(request.headers.accept ?? "").includes("text/html")) return next();
  delete request.headers["accept-encoding"]; // read the page as text; nothing is compressed on localhost anyway
  const chunks: Buffer[] = [];
  const writeHead = response.writeHead.bind(response);
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  const isPage = () => String(response.getHeader("content-type") ?? "").startsWith("text/html");
  // Headers are final when they are written (compression writes them before the first chunk).
  response.writeHead = ((...args: unknown[]) => {
    if (response.getHeader("content-security-policy")) response.setHeader("Content-Security-Policy", "frame-ancestors 'self';");
    const link = response.getHeader("link");
    if (typeof link === "string") response.setHeader("Link", link.replace(APP_BRIDGE_CDN, APP_BRIDGE_LOCAL));
    if (isPage()) response.removeHeader("content-length");
    return (writeHead as (...a: unknown[]) => Response)(...args);
  }) as typeof response.writeHead;
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!isPage()) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof response.write;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (!isPage()) return (end as (...args: unknown[]) => Response)(chunk, ...rest);
    if (chunk !== undefined && typeof chunk !== "function") chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return end(Buffer.concat(chunks).toString("utf8").replaceAll(APP_BRIDGE_CDN, APP_BRIDGE_LOCAL));
  }) as typeof response.end;
  next();
}

/** `npm run sandbox`: starts the sandbox and prints its one URL; stops on SIGINT/SIGTERM. */
export async function runSandbox(options: { root: string; dataDir: string }): Promise<void> {
  try {
    const sandbox = await startSandbox({
      root: options.root,
      dataDir: options.dataDir,
      port: Number(process.env.SANDBOX_PORT ?? 3030),
      host: process.env.SANDBOX_HOST ?? "127.0.0.1",
    });
    console.log(`\nUpstack sandbox: ${sandbox.url}\n`);
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        void sandbox.close().then(() => process.exit(0));
      });
    }
  } catch (error) {
    console.error(error instanceof SandboxRefused ? `The sandbox refuses to start: ${error.message}` : error);
    process.exit(1);
  }
}
