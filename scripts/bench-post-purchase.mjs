#!/usr/bin/env node
// Loads the post-purchase offer endpoint of the BUILT server, beside a bare
// route of the same server, on SQLite and on PostgreSQL, and records the
// figures in bench-results/post-purchase.json.
//
//   npm run bench:post-purchase
//
// For each database: a fresh database (a temporary SQLite file; a database
// created on TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test,
// and dropped afterwards; skipped with a message when unreachable), migrated
// with the real migrations, seeded through the app's own models (loaded
// from source with Vite) with one shop and 100 active funnels. Then the
// production server (`node server.mjs`, as `npm start` runs it) on
// 127.0.0.1, where every route goes through Remix, and, with autocannon, 50
// connections for 10 seconds against
//
//   bare:  POST /api/post-purchase/ping   verifies the token, answers a constant
//   offer: POST /api/post-purchase/offer  the real thing
//
// Both get the same requests, through the same path: every request carries
// its own post-purchase token (as Shopify issues it: HS256 with the app
// secret, iss "shopify", input_data with the purchase), signed before the
// run starts, and a body with its reference id and line items. Reference
// ids: request k (counting from 0) is purchase k/2 when k is even, a NEW
// purchase, so the offer endpoint decides and persists; when k is odd it
// repeats purchase (k-1)/2 - 250, decided about 500 requests earlier, so the
// endpoint re-reads the persisted decision. Half creates, half re-reads.
// Each purchase holds 1-3 of 400 products; funnels trigger on products
// 0-299, so about 1 purchase in 10 matches no funnel at all.
// A 2-second warm-up per route, then 3 rounds (BENCH_ROUNDS) of bare route
// then offer endpoint; the figures written are the medians over the rounds
// (the rounds are written too), since one round on a shared machine can be
// unlucky. Only loopback traffic. Targets, on each database: offer >= 0.7x
// the bare route's throughput, offer p99 < 100 ms. Then one more run of the
// offer endpoint with 5 connections, the latency buyers meet when a few
// checkouts finish at the same moment ("busyDay" in the results).
//
// Profiling: BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof"
// passes Node options to the server; BENCH_DATABASES=sqlite (or postgres)
// runs one database only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { benchEachDatabase, buildIfNeeded, migrate, postLoad, root, signWithSecret, startServer, withApp, writeResults } from "./bench-support.mjs";

const DURATION_SECONDS = 10;
// Each round measures the bare route, then the offer endpoint; the figures are the medians.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
const BUSY_DAY_CONNECTIONS = 5;
const FUNNELS = 100;
const SHOP = "bench-shop.myshopify.com";
const TARGETS = { ratio: 0.7, p99Ms: 100 };
// Requests signed ahead per second of load (above the fastest rate seen, ~7,000/s).
const PREPARED_PER_SECOND = 8_000;

// ------------------------------------------------------------ the catalog

// Deterministic pseudo-random numbers: every run seeds the same shop.
let seed = 20_261_126;
const random = (n) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % n;
};
const productId = (i) => 8_812_345_600_000 + i;
const variantId = (i) => 45_123_456_700_000 + i;
const priceOf = (i) => 900 + ((i * 739) % 9000); // 9.00 to 98.99 USD

function snapshot(i) {
  return {
    productId: `gid://shopify/Product/${productId(i)}`,
    variantId: `gid://shopify/ProductVariant/${variantId(i)}`,
    title: `Product ${i}`,
    variantTitle: i % 3 === 0 ? "Large" : null,
    imageUrl: `https://cdn.shopify.com/s/files/1/0000/0001/products/product-${i}.jpg`,
    price: { amount: priceOf(i), currency: "USD" },
  };
}

function ppOffer(i, discount, quantity = 1) {
  return {
    product: snapshot(i),
    quantity,
    discount,
    premium: false,
    copy: {
      headline: `Add Product ${i} to your order?`,
      body: "It goes with what you just bought. One click adds it; your card is already on file.",
      acceptLabel: "Add to my order",
      declineLabel: "No thanks",
    },
  };
}

/** Funnel k triggers on products 3k..3k+2 and offers products from 300-399. */
function definition(k) {
  const trigger = {
    match: { type: "products", products: [snapshot(3 * k), snapshot(3 * k + 1), snapshot(3 * k + 2)] },
    minSubtotal: k % 10 === 0 ? { amount: 2000, currency: "USD" } : null,
    maxSubtotal: null,
  };
  const bump = {
    product: snapshot(300 + ((k * 7) % 100)),
    quantity: 1,
    discount: { type: "percentage", percent: 15 },
    copy: { title: "Add the companion", description: "Only with this order.", checkboxLabel: "Yes, add it" },
  };
  return {
    trigger,
    bump,
    postPurchase: {
      upsell: ppOffer(300 + ((k * 11) % 100), { type: "percentage", percent: 20 }),
      downsell: k % 4 === 3 ? null : ppOffer(300 + ((k * 13) % 100), { type: "fixed_amount", amount: 300 }),
      followUp: k % 2 === 0 ? ppOffer(300 + ((k * 17) % 100), { type: "none" }, 2) : null,
    },
  };
}

// ------------------------------------------------------------- databases

/**
 * One shop with FUNNELS active funnels, saved with the app's createFunnel
 * (app/models/funnel.server.ts), so the rows are exactly what the app
 * writes. The model is loaded from source through Vite's SSR loader.
 */
async function seedShop(databaseUrl) {
  await withApp(databaseUrl, async (load) => {
    const { createFunnel } = await load("/app/models/funnel.server.ts");
    for (let k = 0; k < FUNNELS; k++) {
      await createFunnel(SHOP, { name: `Funnel ${k}`, status: "active", priority: random(4), ...definition(k) });
    }
  });
}

async function decisionCount(kind, url) {
  if (kind === "sqlite") {
    const client = createClient({ url });
    const { rows } = await client.execute(`SELECT count(*) AS n FROM "PostPurchaseDecision"`);
    client.close();
    return Number(rows[0].n);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM "PostPurchaseDecision"`);
  await client.end();
  return rows[0].n;
}

// ----------------------------------------------------------- the requests

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const HEADER = base64url({ alg: "HS256", typ: "JWT" });

/** A post-purchase `inputData.token` as Shopify signs it. */
function shopifyToken(referenceId, lineItems) {
  const now = Math.floor(Date.now() / 1000);
  const money = (cents) => {
    const amount = (cents / 100).toFixed(2);
    return { shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } };
  };
  const payload = {
    iss: "shopify",
    sub: referenceId,
    iat: now,
    exp: now + 900,
    input_data: {
      extensionPoint: "Checkout::PostPurchase::ShouldRender",
      initialPurchase: {
        referenceId,
        customerId: 6_000_000_000 + (Number(referenceId.replace(/\D/g, "")) % 5000),
        destinationCountryCode: "CA",
        totalPriceSet: money(lineItems.reduce((sum, line) => sum + line.cents, 0) + 1200),
        lineItems: lineItems.map((line) => ({
          product: { id: line.productId, title: `Product ${line.index}`, variant: { id: line.variantId, title: "Default Title", metafields: [] }, metafields: [] },
          quantity: line.quantity,
          totalPriceSet: money(line.cents),
        })),
      },
      locale: "en",
      shop: { id: 1, domain: SHOP, metafields: [] },
      version: "unstable",
    },
  };
  const body = `${HEADER}.${base64url(payload)}`;
  return `${body}.${signWithSecret(body, "base64url")}`;
}

/** Purchase n, always the same for the same n (so a repeated reference id repeats its purchase). */
function purchase(n) {
  let state = (n * 2_654_435_761) % 2 ** 32;
  const next = (m) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % m;
  };
  const count = 1 + next(3);
  const lines = [];
  for (let i = 0; i < count; i++) {
    const index = next(400);
    const quantity = 1 + (next(5) === 0 ? 1 : 0);
    lines.push({ index, productId: productId(index), variantId: variantId(index), quantity, cents: priceOf(index) * quantity });
  }
  return lines;
}

/** Request k's reference id: new purchases on even k, a repeat of one ~500 requests back on odd k. */
function purchaseNumber(k) {
  return k % 2 === 0 ? k / 2 : Math.max(0, (k - 1) / 2 - 250);
}

/** Request k of a run: its own freshly signed token and its body. */
function buildRequest(runId, k) {
  const n = purchaseNumber(k);
  const referenceId = `${runId}-${n}`;
  const lines = purchase(n);
  return {
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${shopifyToken(referenceId, lines)}`,
      origin: "https://checkout.shopify.com",
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    },
    body: JSON.stringify({
      referenceId,
      lineItems: lines.map((line) => ({ productId: line.productId, variantId: line.variantId, quantity: line.quantity })),
      currencyCode: "USD",
      totalPrice: (lines.reduce((sum, line) => sum + line.cents, 0) / 100 + 12).toFixed(2),
    }),
  };
}

/**
 * The run's requests are signed before the clock starts (see postLoad), enough
 * for PREPARED_PER_SECOND a second; past them, requests are signed on the fly.
 */
function load(port, pathName, runId, seconds, connections = CONNECTIONS) {
  return postLoad({ port, pathName, connections, seconds, prepared: seconds * PREPARED_PER_SECOND, requestFor: (k) => buildRequest(runId, k) });
}

const round2 = (n) => Math.round(n * 100) / 100;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : round2((sorted[middle - 1] + sorted[middle]) / 2);
};

function summary(result) {
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result["2xx"],
    other: result.non2xx + result.errors + result.timeouts,
  };
}

async function benchDatabase(kind, databaseUrl, work) {
  console.log(`\n== ${kind}: migrating, seeding one shop with ${FUNNELS} active funnels`);
  migrate(databaseUrl);
  await seedShop(databaseUrl);
  const logFile = path.join(work, `server-${kind}.log`);
  // Any answer means it listens (no token: 401; Node's own user agent counts as a bot: 410).
  const server = await startServer({
    databaseUrl,
    logFile,
    probePath: "/api/post-purchase/ping",
    startupSeconds: 30,
    env: process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {},
  });
  try {
    console.log(`server on 127.0.0.1:${server.port}; warming up ${WARMUP_SECONDS} s per route`);
    await load(server.port, "/api/post-purchase/ping", "warm-bare", WARMUP_SECONDS);
    await load(server.port, "/api/post-purchase/offer", "warm-offer", WARMUP_SECONDS);
    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}/${ROUNDS}: bare route, then offer endpoint, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each`);
      const bare = summary(await load(server.port, "/api/post-purchase/ping", `bare-${round}`, DURATION_SECONDS));
      const offer = summary(await load(server.port, "/api/post-purchase/offer", `offer-${round}`, DURATION_SECONDS));
      for (const [name, run] of [["bare", bare], ["offer", offer]]) {
        if (run.other > 0) console.warn(`!! ${name}: ${run.other} requests were not answered 2xx (server log: ${logFile})`);
      }
      const figures = { offerRps: offer.rps, bareRps: bare.rps, ratio: round2(offer.rps / bare.rps), p50Ms: offer.p50Ms, p99Ms: offer.p99Ms };
      console.log(
        `  offer ${figures.offerRps} req/s, bare ${figures.bareRps} req/s, ratio ${figures.ratio}; ` +
          `offer p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (bare p50 ${bare.p50Ms} ms, p99 ${bare.p99Ms} ms); ${offer.ok} offer answers`,
      );
      rounds.push(figures);
    }
    // What a buyer meets on a busy day rather than under a flood: a few checkouts at once.
    const busyDay = summary(await load(server.port, "/api/post-purchase/offer", "busy-day", DURATION_SECONDS, BUSY_DAY_CONNECTIONS));
    console.log(`busy day (${BUSY_DAY_CONNECTIONS} connections): offer ${busyDay.rps} req/s, p50 ${busyDay.p50Ms} ms, p99 ${busyDay.p99Ms} ms`);
    await server.stop(); // before reading the database, which the server may be holding
    // Medians over the rounds: our machines are shared, and one round can be unlucky.
    const figures = {
      offerRps: median(rounds.map((r) => r.offerRps)),
      bareRps: median(rounds.map((r) => r.bareRps)),
      ratio: median(rounds.map((r) => r.ratio)),
      p50Ms: median(rounds.map((r) => r.p50Ms)),
      p99Ms: median(rounds.map((r) => r.p99Ms)),
      busyDay: { connections: BUSY_DAY_CONNECTIONS, offerRps: busyDay.rps, p50Ms: busyDay.p50Ms, p99Ms: busyDay.p99Ms },
      rounds,
    };
    const decisions = await decisionCount(kind, databaseUrl);
    console.log(
      `${kind} (median of ${ROUNDS} rounds): offer ${figures.offerRps} req/s, bare ${figures.bareRps} req/s, ratio ${figures.ratio}; ` +
        `offer latency p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; ${decisions} decisions persisted`,
    );
    return figures;
  } finally {
    await server.stop();
  }
}

// ------------------------------------------------------------------ main

buildIfNeeded();
const work = mkdtempSync(path.join(tmpdir(), "bench-post-purchase-"));
let results;
try {
  results = await benchEachDatabase(work, benchDatabase);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const resultsFile = writeResults("post-purchase", results);
for (const [kind, figures] of Object.entries(results)) {
  const meets = figures.ratio >= TARGETS.ratio && figures.p99Ms < TARGETS.p99Ms;
  console.log(`${kind} targets (ratio >= ${TARGETS.ratio}, p99 < ${TARGETS.p99Ms} ms): ${meets ? "met" : "NOT met"}.`);
}
console.log(`Written to ${path.relative(root, resultsFile)}.`);
