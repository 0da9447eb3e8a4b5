#!/usr/bin/env node
// The scoreboard at scale, on SQLite and on PostgreSQL, recorded in
// bench-results/analytics.json as
//   {"sqlite": {"dashboardMs": n, "webhookPerSec": n, ...}, "postgres": {...}}.
//
//   npm run bench:analytics
//
// For each database: a throwaway database (a temporary SQLite file; a
// database created on TEST_POSTGRES_URL, default
// postgresql://postgres@127.0.0.1:5432/test, dropped afterwards; skipped with a
// message when unreachable), migrated with the real migrations, then seeded
// with ONE shop: 100,000 orders over 150 days (install on day 60, so 60 days
// of baseline and 90 days since), a quarter with an offer line, 1 in 20
// refunded, paid in USD, EUR and GBP (shop currency USD), and 1,000,000 offer
// events (each order's checkout and post-purchase page, and abandoned
// checkouts). Rows go in with multi-row INSERTs in large transactions, and
// then the app's own rebuildScoreboardRollups (the same rules as the live
// writers) fills the rollups from them.
//
// 1. dashboardMs: the server-side data load of the dashboard (loadScoreboard,
//    app/services/scoreboard.server.ts, loaded from source with Vite) for the
//    last 90 days: 2 warm-up runs, then the median of 7 runs (BENCH_RUNS).
//    Target: under 300 ms.
// 2. webhookPerSec: the production server (`node server.mjs` on the build),
//    POST /webhooks/orders with Shopify's HMAC header, each delivery its own
//    webhook id: 90% new orders (orders/create, some with a bump line), 10%
//    orders/updated of one of them with a refund. 10 connections for 10 s
//    after a 2 s warm-up; answers that are not 200 are counted and reported.
//    Target: at least 300 deliveries per second on SQLite.
//
// BENCH_DATABASES=sqlite (or postgres) runs one database only.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createClient } from "@libsql/client";
import pg from "pg";
import { createServer as createViteServer } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(root, "bench-results", "analytics.json");
const SERVER = path.join(root, "build", "server", "index.js");
const SHOP = "bench-analytics.myshopify.com";
const API_KEY = "bench-api-key";
const API_SECRET = `bench-secret-${randomBytes(8).toString("hex")}`;
const APP_URL = "https://upstack.bench.test";
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const FUNNELS = 20;
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2026-11-30T00:00:00Z");
const INSTALLED = NOW - 90 * DAY;
const FIRST = NOW - 150 * DAY;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARMUP_RUNS = 2;
const WEBHOOK_SECONDS = 10;
const WEBHOOK_CONNECTIONS = 10;
const TARGETS = { dashboardMs: 300, webhookPerSec: 300 };

// ------------------------------------------------------------------ build

function newest(paths) {
  let latest = 0;
  const visit = (file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) if (entry !== "node_modules" && entry !== "generated") visit(path.join(file, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return latest;
}

function buildIfNeeded() {
  const sources = newest(["app", "packages/core/src", "vite.config.ts", "package.json", "prisma/schema.prisma"]);
  if (existsSync(SERVER) && statSync(SERVER).mtimeMs >= sources) {
    console.log("Using the existing build (newer than app/ and packages/core/).");
    return;
  }
  console.log("Building the app (npm run build)...");
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: root, stdio: "inherit" })
    : spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

function migrate(databaseUrl) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "database.mjs"), "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Migrating ${databaseUrl} failed:\n${result.stdout}\n${result.stderr}`);
}

// ------------------------------------------------------------- the data

/** A stable pseudo-random number in [0, n) for (i, salt). */
function pick(i, salt, n) {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) % n;
}

const funnelIdOf = (k) => `bench-funnel-${k}`;
const orderGid = (i) => `gid://shopify/Order/${1_000_000 + i}`;
const lineGid = (i, n) => `gid://shopify/LineItem/${(1_000_000 + i) * 10 + n}`;
const tokenOf = (i) => `bench-checkout-${i}`;
const placedAtOf = (i) => FIRST + Math.floor((i / ORDERS) * (NOW - FIRST)) + pick(i, 1, 60_000);
const CURRENCIES = [
  ["USD", 1],
  ["EUR", 0.92],
  ["GBP", 0.79],
];

/** Order i: its row, offer lines and refunds. */
function orderRows(i, bucketOf) {
  const total = 2000 + pick(i, 2, 15_000);
  const [currency, rate] = CURRENCIES[i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2];
  const at = placedAtOf(i);
  const lines = [];
  const funnel = funnelIdOf(i % FUNNELS);
  if (i % 4 === 0) lines.push({ lineItemId: lineGid(i, 1), offer: "bump", funnelId: funnel, amount: 1500 });
  if (i % 10 === 1) lines.push({ lineItemId: lineGid(i, 2), offer: "upsell", funnelId: funnel, amount: 3000 });
  if (i % 20 === 3) lines.push({ lineItemId: lineGid(i, 3), offer: "downsell", funnelId: funnel, amount: 2000 });
  const refunds = [];
  if (i % 20 === 0) refunds.push({ refundId: `gid://shopify/Refund/${i}1`, lines: [{ lineItemId: lineGid(i, 1), quantity: 1, amountShop: 1500, amountPresentment: Math.round(1500 * rate) }] });
  if (i % 50 === 7) refunds.push({ refundId: `gid://shopify/Refund/${i}2`, lines: [{ lineItemId: lineGid(i, 0), quantity: 1, amountShop: 500, amountPresentment: Math.round(500 * rate) }] });
  return {
    order: {
      orderId: orderGid(i),
      placedAt: at,
      token: tokenOf(i),
      customerId: `gid://shopify/Customer/${i % 20_000}`,
      totalShop: total,
      presentmentCurrency: currency,
      totalPresentment: Math.round(total * rate),
      holdoutBucket: bucketOf(tokenOf(i)),
    },
    lines,
    refunds,
  };
}

/** All events, in batches: each order's checkout and post-purchase page, then abandoned checkouts. */
function* events() {
  let n = 0;
  const event = (funnelId, offer, type, purchaseKey, at) => ({ id: `bench-event-${n++}`, funnelId, offer, type, purchaseKey, at });
  for (let i = 0; i < ORDERS && n < EVENTS; i++) {
    const funnel = funnelIdOf(i % FUNNELS);
    const at = placedAtOf(i);
    const token = tokenOf(i);
    const batch = [event(funnel, "bump", "impression", token, at - 300_000)];
    if (i % 4 === 0) batch.push(event(funnel, "bump", "accept", token, at - 240_000));
    if (i % 16 === 0) batch.push(event(funnel, "bump", "remove", token, at - 180_000), event(funnel, "bump", "accept", token, at - 120_000));
    if (i % 2 === 1) {
      batch.push(event(funnel, "upsell", "impression", token, at + 60_000));
      if (i % 10 === 1) batch.push(event(funnel, "upsell", "accept", token, at + 90_000));
      else {
        batch.push(event(funnel, "upsell", "decline", token, at + 90_000));
        if (i % 4 === 3) {
          batch.push(event(funnel, "downsell", "impression", token, at + 100_000));
          if (i % 20 === 3) batch.push(event(funnel, "downsell", "accept", token, at + 120_000));
        }
      }
    }
    yield* batch;
  }
  for (let j = 0; n < EVENTS; j++) {
    const funnel = funnelIdOf(j % FUNNELS);
    const at = FIRST + pick(j, 3, NOW - FIRST);
    const token = `bench-abandoned-${j}`;
    yield event(funnel, "bump", "impression", token, at);
    if (n < EVENTS && j % 3 === 0) yield event(funnel, "bump", "accept", token, at + 30_000);
    if (n < EVENTS && j % 9 === 0) yield event(funnel, "bump", "remove", token, at + 60_000);
  }
}

// ------------------------------------------------------------ bulk writes

const quote = (value) => (value === null ? "NULL" : typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`);

function writer(kind, url) {
  const timestamp = (ms) => quote(kind === "sqlite" ? new Date(ms).toISOString().replace("Z", "+00:00") : new Date(ms).toISOString().replace("T", " ").replace("Z", ""));
  if (kind === "sqlite") {
    const client = createClient({ url });
    return {
      timestamp,
      run: (statements) => client.batch(statements, "write"),
      close: () => client.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  return {
    timestamp,
    run: async (statements) => {
      await connected;
      await client.query(`BEGIN; ${statements.join(";\n")}; COMMIT`);
    },
    close: async () => {
      await connected;
      await client.end();
    },
  };
}

function insert(table, columns, rows) {
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${rows.map((row) => `(${row.join(", ")})`).join(", ")}`;
}

async function seed(kind, url, bucketOf) {
  const db = writer(kind, url);
  const ts = db.timestamp;
  const started = Date.now();
  try {
    await db.run([
      insert(
        "Funnel",
        ["id", "shop", "name", "status", "priority", "definition", "createdAt", "updatedAt"],
        Array.from({ length: FUNNELS }, (_, k) => [quote(funnelIdOf(k)), quote(SHOP), quote(`Funnel ${k}`), quote("active"), "0", quote("{}"), ts(FIRST), ts(FIRST)]),
      ),
      insert("OrderBackfill", ["shop", "state", "since", "ordersRead", "startedAt", "finishedAt", "updatedAt"], [
        [quote(SHOP), quote("done"), ts(INSTALLED - 60 * DAY), String(ORDERS), ts(INSTALLED), ts(INSTALLED + 3_600_000), ts(INSTALLED)],
      ]),
      insert("ShopSettings", ["shop", "holdoutPercent", "holdoutSince", "updatedAt"], [[quote(SHOP), "10", ts(INSTALLED), ts(INSTALLED)]]),
    ]);
    const CHUNK = 1000;
    for (let start = 0; start < ORDERS; start += CHUNK * 10) {
      const statements = [];
      for (let chunk = start; chunk < Math.min(ORDERS, start + CHUNK * 10); chunk += CHUNK) {
        const orders = [];
        const lines = [];
        const refunds = [];
        for (let i = chunk; i < Math.min(ORDERS, chunk + CHUNK); i++) {
          const row = orderRows(i, bucketOf);
          const o = row.order;
          orders.push([quote(SHOP), quote(o.orderId), ts(o.placedAt), ts(o.placedAt), quote(o.token), quote(o.customerId), quote("USD"), String(o.totalShop), quote(o.presentmentCurrency), String(o.totalPresentment), String(o.holdoutBucket)]);
          for (const line of row.lines) {
            lines.push([quote(SHOP), quote(o.orderId), quote(line.lineItemId), quote(line.offer), quote(line.funnelId), quote("gid://shopify/ProductVariant/1"), "1", String(line.amount), String(line.amount)]);
          }
          for (const refund of row.refunds) {
            const shopAmount = refund.lines.reduce((sum, l) => sum + l.amountShop, 0);
            const presentment = refund.lines.reduce((sum, l) => sum + l.amountPresentment, 0);
            refunds.push([quote(SHOP), quote(refund.refundId), quote(o.orderId), ts(o.placedAt + DAY), String(shopAmount), String(presentment), quote(JSON.stringify(refund.lines))]);
          }
        }
        statements.push(insert("Order", ["shop", "orderId", "placedAt", "shopifyUpdatedAt", "checkoutToken", "customerId", "shopCurrency", "totalShop", "presentmentCurrency", "totalPresentment", "holdoutBucket"], orders));
        if (lines.length) statements.push(insert("OrderOfferLine", ["shop", "orderId", "lineItemId", "offer", "funnelId", "variantId", "quantity", "amountShop", "amountPresentment"], lines));
        if (refunds.length) statements.push(insert("OrderRefund", ["shop", "refundId", "orderId", "createdAt", "amountShop", "amountPresentment", "lines"], refunds));
      }
      await db.run(statements);
    }
    let batch = [];
    let statements = [];
    let count = 0;
    const flushRows = () => {
      if (batch.length === 0) return;
      statements.push(insert("OfferEvent", ["id", "shop", "funnelId", "offer", "type", "variantId", "purchaseKey", "occurredAt"], batch));
      batch = [];
    };
    for (const e of events()) {
      batch.push([quote(e.id), quote(SHOP), quote(e.funnelId), quote(e.offer), quote(e.type), quote("gid://shopify/ProductVariant/1"), quote(e.purchaseKey), ts(e.at)]);
      count++;
      if (batch.length === CHUNK) flushRows();
      if (statements.length === 20) {
        await db.run(statements);
        statements = [];
      }
    }
    flushRows();
    if (statements.length) await db.run(statements);
    console.log(`seeded ${ORDERS} orders and ${count} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}

// ------------------------------------------------------------ app modules

async function withApp(databaseUrl, work) {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  const vite = await createViteServer({
    root,
    configFile: false,
    logLevel: "error",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [tsconfigPaths()],
  });
  try {
    const { default: db } = await vite.ssrLoadModule("/app/db.server.ts");
    try {
      return await work((file) => vite.ssrLoadModule(file));
    } finally {
      await db.$disconnect();
      delete globalThis.upstackDatabase;
    }
  } finally {
    await vite.close();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round1 = (n) => Math.round(n * 10) / 10;

async function measureDashboard(load, beforeEach) {
  const range = { from: new Date(NOW - 90 * DAY), to: new Date(NOW) };
  let board;
  for (let run = 0; run < WARMUP_RUNS; run++) board = await load(SHOP, range);
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    await beforeEach();
    const started = performance.now();
    board = await load(SHOP, range);
    times.push(performance.now() - started);
  }
  console.log(
    `dashboard, 90 days${beforeEach.name ? ", today marked changed before each run" : ", nothing to recompute"}: median ${round1(median(times))} ms over ${RUNS} runs (${times.map(round1).join(", ")}); ` +
      `${board.headline.orders} orders, AOV ${board.headline.aov?.amount}, baseline ${board.headline.baselineAov?.amount}, ` +
      `revenue added ${board.headline.revenueAdded.amount}, ${board.funnels.length} funnels, ` +
      `lift ${board.holdout.lift.lift ? Math.round(board.holdout.lift.lift.estimate) : "n/a"}`,
  );
  return { dashboardMs: round1(median(times)), dashboardRunsMs: times.map(round1), orders: board.headline.orders };
}

// ------------------------------------------------------------- webhooks

const money = (cents, currency = "USD") => ({
  shop_money: { amount: (cents / 100).toFixed(2), currency_code: "USD" },
  presentment_money: { amount: (cents / 100).toFixed(2), currency_code: currency },
});

/** Delivery k of a run: a new order, or (1 in 10) an update of an earlier one with a refund. */
function delivery(runId, k) {
  const update = k % 10 === 9 && k > 20;
  const n = update ? k - 10 : k;
  const id = 50_000_000 + (runId * 1_000_000) + n;
  const created = new Date(NOW - (n % 1000) * 60_000).toISOString();
  const withBump = n % 4 === 0;
  const lines = [
    { id: id * 10, product_id: 8_000_000 + (n % 50), variant_id: 9_000_000 + (n % 50), quantity: 1, price_set: money(4500), properties: [], discount_allocations: [] },
  ];
  if (withBump) {
    lines.push({
      id: id * 10 + 1,
      product_id: 8_000_100,
      variant_id: 9_000_100,
      quantity: 1,
      price_set: money(1500),
      properties: [{ name: "_upstack_offer", value: funnelIdOf(n % FUNNELS) }],
      discount_allocations: [{ amount_set: money(500), discount_application_index: 0 }],
    });
  }
  const payload = {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    created_at: created,
    updated_at: update ? new Date(Date.parse(created) + 3_600_000).toISOString() : created,
    checkout_token: `bench-webhook-${runId}-${n}`,
    currency: "USD",
    presentment_currency: "USD",
    customer: { id: 7_000_000 + (n % 5000) },
    total_price_set: money(withBump ? 5500 : 4500),
    discount_applications: withBump ? [{ type: "automatic", title: "Upstack bump" }] : [],
    line_items: lines,
    refunds: update
      ? [{ id: id * 10 + 9, order_id: id, created_at: new Date(Date.parse(created) + 3_000_000).toISOString(), refund_line_items: [{ line_item_id: id * 10, quantity: 1, subtotal_set: money(4500) }] }]
      : [],
  };
  const body = JSON.stringify(payload);
  return {
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": createHmac("sha256", API_SECRET).update(body).digest("base64"),
      "x-shopify-topic": update ? "orders/updated" : "orders/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-07",
      "x-shopify-webhook-id": `bench-${runId}-${k}`,
      "x-shopify-triggered-at": new Date().toISOString(),
      "x-shopify-event-id": `bench-event-${runId}-${k}`,
    },
    body,
  };
}

function loadWebhooks(port, runId, seconds) {
  const prepared = Array.from({ length: seconds * 1500 }, (_, k) => delivery(runId, k));
  let k = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: WEBHOOK_CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: "POST",
            path: "/webhooks/orders",
            setupRequest(request) {
              const next = prepared[k] ?? delivery(runId, k);
              k++;
              request.headers = { ...request.headers, ...next.headers };
              request.body = next.body;
              return request;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("error", reject);
  });
}

async function startServer(databaseUrl, logFile) {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [path.join(root, "server.mjs"), SERVER], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: APP_URL,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", out, out],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}); see ${logFile}`);
    try {
      await fetch(`http://127.0.0.1:${port}/webhooks/orders`, { method: "POST" });
      return { port, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`The server did not answer within 30 s; see ${logFile}`);
}

async function measureWebhooks(databaseUrl, work, kind) {
  const logFile = path.join(work, `server-${kind}.log`);
  const server = await startServer(databaseUrl, logFile);
  try {
    await loadWebhooks(server.port, 1, 2);
    const result = await loadWebhooks(server.port, 2, WEBHOOK_SECONDS);
    const failed = result.non2xx + result.errors + result.timeouts;
    const perSec = Math.round(result["2xx"] / WEBHOOK_SECONDS);
    console.log(
      `orders webhook: ${perSec} deliveries/s sustained over ${WEBHOOK_SECONDS} s (${WEBHOOK_CONNECTIONS} connections), ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ${failed} not answered 200`,
    );
    if (failed > 0) console.warn(`!! ${failed} deliveries failed; server log: ${logFile}`);
    return { webhookPerSec: perSec, webhookP99Ms: result.latency.p99, webhookFailed: failed };
  } finally {
    await server.stop();
  }
}

// ------------------------------------------------------------------ main

async function benchDatabase(kind, databaseUrl, work) {
  console.log(`\n== ${kind}: migrating and seeding ${ORDERS} orders and ${EVENTS} events`);
  migrate(databaseUrl);
  const dashboard = await withApp(databaseUrl, async (load) => {
    const core = await load("/packages/core/src/index.ts");
    await seed(kind, databaseUrl, core.orderHoldoutBucket);
    const rollups = await load("/app/models/scoreboard-rollups.server.ts");
    const started = Date.now();
    const days = await rollups.rebuildScoreboardRollups(SHOP, { percent: 10, since: new Date(INSTALLED) });
    console.log(`day totals of ${days} days computed from the seeded rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { loadScoreboard } = await load("/app/services/scoreboard.server.ts");
    const { default: db } = await load("/app/db.server.ts");
    // As on a live shop, where orders keep coming: today (the range's last day) was written since the last load.
    const markToday = () =>
      db.$transaction((tx) => rollups.markDays(tx, SHOP, [new Date(NOW - DAY).toISOString().slice(0, 10)]));
    const clean = await measureDashboard(loadScoreboard, async () => {});
    const live = await measureDashboard(loadScoreboard, markToday);
    return { dashboardMs: live.dashboardMs, dashboardRunsMs: live.dashboardRunsMs, dashboardNothingToRecomputeMs: clean.dashboardMs, orders: live.orders };
  });
  if (process.env.BENCH_SKIP_WEBHOOKS) return dashboard;
  const webhooks = await measureWebhooks(databaseUrl, work, kind);
  return { ...dashboard, ...webhooks };
}

async function postgresAdmin() {
  const adminUrl = process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { client, adminUrl };
  } catch (error) {
    console.warn(`\n!! PostgreSQL skipped: cannot connect to ${adminUrl.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")} (${error.message}).`);
    return null;
  }
}

buildIfNeeded();
const work = mkdtempSync(path.join(tmpdir(), "bench-analytics-"));
const results = {};
try {
  const only = process.env.BENCH_DATABASES?.split(",");
  if (!only || only.includes("sqlite")) {
    results.sqlite = await benchDatabase("sqlite", `file:${path.join(work, "bench.sqlite")}`, work);
  }
  const admin = !only || only.includes("postgres") ? await postgresAdmin() : null;
  if (admin) {
    const name = `upstack_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
    await admin.client.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(admin.adminUrl);
      url.pathname = `/${name}`;
      results.postgres = await benchDatabase("postgres", url.toString(), work);
    } finally {
      await admin.client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.client.end();
    }
  }
} finally {
  // BENCH_KEEP=1 keeps the SQLite file (and logs) for a closer look.
  if (process.env.BENCH_KEEP) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${JSON.stringify(results)}`);
for (const [kind, figures] of Object.entries(results)) {
  const dashboard = figures.dashboardMs < TARGETS.dashboardMs ? "met" : "NOT met";
  const webhook = kind !== "sqlite" ? "(no target)" : figures.webhookPerSec >= TARGETS.webhookPerSec ? "met" : "NOT met";
  console.log(`${kind}: dashboard < ${TARGETS.dashboardMs} ms ${dashboard}; webhook >= ${TARGETS.webhookPerSec}/s ${webhook}.`);
}
console.log(`Written to ${path.relative(root, RESULTS_FILE)}.`);
