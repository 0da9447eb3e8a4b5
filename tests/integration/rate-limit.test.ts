import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { countAgainstLimit } from "~/models/rate-limit.server";
import { resetShop } from "../support/shop-rows";

const SHOP = "limited-shop.myshopify.com";
const LIMIT = { max: 3, windowSeconds: 60 };
// The start of a window, so each step below stays inside the window it names.
const T0 = Math.floor(Date.now() / 60_000) * 60_000;

beforeEach(() => resetShop(SHOP));

describe("countAgainstLimit", () => {
  it("allows max units per window, then refuses with the seconds left until the window ends", async () => {
    for (let i = 0; i < 3; i++) expect(await countAgainstLimit(SHOP, "k", 1, LIMIT, T0 + 1_000)).toEqual({ allowed: true });
    expect(await countAgainstLimit(SHOP, "k", 1, LIMIT, T0 + 15_000)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    // The next window starts from zero.
    expect(await countAgainstLimit(SHOP, "k", 1, LIMIT, T0 + 60_000)).toEqual({ allowed: true });
  });

  it("counts a batch by its cost", async () => {
    expect(await countAgainstLimit(SHOP, "k", 3, LIMIT, T0)).toEqual({ allowed: true });
    expect((await countAgainstLimit(SHOP, "k", 1, LIMIT, T0)).allowed).toBe(false);
  });

  it("never loses a count under concurrency: of 30 parallel requests exactly max pass", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () => countAgainstLimit(SHOP, "burst", 1, { max: 10, windowSeconds: 60 }, T0 + 1_000)),
    );
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(10);
    expect(await db.rateLimitCounter.findMany({ where: { shop: SHOP }, select: { key: true, hits: true } })).toEqual([
      { key: "burst", hits: 30 },
    ]);
  });

  it("keeps only live counters: ended windows are pruned when new ones start", async () => {
    for (let i = 0; i < 5; i++) await countAgainstLimit(SHOP, `checkout-${i}`, 1, LIMIT, T0);
    await countAgainstLimit(SHOP, "later", 1, LIMIT, T0 + 120_000);
    expect((await db.rateLimitCounter.findMany({ where: { shop: SHOP } })).map((row) => row.key)).toEqual(["later"]);
  });
});
