import db from "../db.server";

/** At most `max` units per fixed window of `windowSeconds`. */
export type RateLimit = { max: number; windowSeconds: number };

export type RateLimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts `cost` units against the shop's counter `key` in the current fixed
 * window and says whether the total is still within the limit. The count and
 * the window switch happen in one INSERT .. ON CONFLICT statement, so every
 * app instance sharing the database counts into the same row and concurrent
 * requests never lose an increment. Refused requests count too: a client that
 * keeps hammering stays refused until the window ends.
 */
export async function countAgainstLimit(
  shop: string,
  key: string,
  cost: number,
  limit: RateLimit,
  now: number = Date.now(),
): Promise<RateLimitOutcome> {
  const nowSeconds = Math.floor(now / 1000);
  const resetsAt = (Math.floor(nowSeconds / limit.windowSeconds) + 1) * limit.windowSeconds;
  // A counter whose window is over restarts at this cost; one from a clock
  // ahead of ours (another instance) keeps counting into its later window.
  const [row] = await db.$queryRaw<{ hits: number | bigint; resetsAt: number | bigint }[]>`
    INSERT INTO "RateLimitCounter" ("shop", "key", "resetsAt", "hits")
    VALUES (${shop}, ${key}, ${BigInt(resetsAt)}, ${cost})
    ON CONFLICT ("shop", "key") DO UPDATE SET
      "hits" = CASE WHEN "RateLimitCounter"."resetsAt" >= excluded."resetsAt"
        THEN "RateLimitCounter"."hits" + excluded."hits" ELSE excluded."hits" END,
      "resetsAt" = CASE WHEN "RateLimitCounter"."resetsAt" >= excluded."resetsAt"
        THEN "RateLimitCounter"."resetsAt" ELSE excluded."resetsAt" END
    RETURNING "hits", "resetsAt"`;
  const hits = Number(row?.hits ?? cost);
  const windowEnd = Number(row?.resetsAt ?? resetsAt);
  // The first count of a new window: the ended windows of every key can go, so the table holds live counters only.
  if (hits === cost) await db.rateLimitCounter.deleteMany({ where: { resetsAt: { lte: BigInt(nowSeconds) } } });
  if (hits <= limit.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
}
