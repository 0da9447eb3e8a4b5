import { createHash, randomUUID } from "node:crypto";
import type {
  PostPurchaseSequence,
  PostPurchaseStep,
  PostPurchaseStepState,
  PostPurchaseStepStates,
} from "@upstack/core";
import db from "../db.server";
import { Prisma } from "../db/generated/sqlite/client";

/** A purchase's persisted post-purchase decision. */
export type StoredDecision = {
  referenceId: string;
  funnelId: string;
  customerId: string | null;
  currency: string;
  sequence: PostPurchaseSequence;
  /** JSON of `sequence` and of the offers answered for it, when already rendered (they are the same for every purchase of a funnel). */
  rendered?: { sequence: string; offers: string };
};

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

function toDecision(row: { referenceId: string; funnelId: string; customerId: string | null; currency: string; offers: string }): StoredDecision {
  return {
    referenceId: row.referenceId,
    funnelId: row.funnelId,
    customerId: row.customerId,
    currency: row.currency,
    sequence: JSON.parse(row.offers) as PostPurchaseSequence,
  };
}

/**
 * The offer endpoint's hot path runs these as raw SQL: Prisma's query
 * compiler costs about 0.3 ms per query on top of SQLite's 0.1 ms, in the
 * buyer's path, on every purchase. The statements are parameterised tagged
 * templates, identical on SQLite and PostgreSQL.
 */
type DecisionRow = { funnelId: string; customerId: string | null; currency: string; offers: string };

/** The decision's columns and its offer set's offers. */
const DECISION_WITH_OFFERS = Prisma.sql`d."funnelId", d."customerId", d."currency", s."offers"`;
const OFFER_SET_OF_DECISION = Prisma.sql`"PostPurchaseOfferSet" s ON s."shop" = d."shop" AND s."id" = d."offerSetId"`;

/**
 * The version of what a shop's decisions are made from: its active funnels
 * (how many, and their latest updatedAt, as text: every save, status
 * change, pause or delete changes it; Prisma sets updatedAt on update and
 * updateMany), then its sold-out variants (how many, and the latest `since`:
 * rows are only added, with the time, or deleted). Decisions stored by
 * insertBatch compute the same text.
 */
const funnelVersion = (shop: string) => Prisma.sql`(
  SELECT CAST(count(*) AS TEXT) || ':' || COALESCE(CAST(max("updatedAt") AS TEXT), '')
  FROM "Funnel" WHERE "shop" = ${shop} AND "status" = 'active') || '/' || (
  SELECT CAST(count(*) AS TEXT) || ':' || COALESCE(CAST(max("since") AS TEXT), '')
  FROM "SoldOutVariant" WHERE "shop" = ${shop})`;

/** One indexed read: the decision for a purchase, if one was made. */
export async function findDecision(shop: string, referenceId: string): Promise<StoredDecision | null> {
  const rows = await db.$queryRaw<DecisionRow[]>`
    SELECT ${DECISION_WITH_OFFERS} FROM "PostPurchaseDecision" d JOIN ${OFFER_SET_OF_DECISION}
    WHERE d."shop" = ${shop} AND d."referenceId" = ${referenceId}`;
  const row = rows[0];
  return row ? toDecision({ ...row, referenceId }) : null;
}

/** The decision for a purchase, if any, and the version of the shop's funnels, in one round trip. */
export async function findDecisionAndFunnelVersion(
  shop: string,
  referenceId: string,
): Promise<{ decision: StoredDecision | null; funnelVersion: string }> {
  const rows = await db.$queryRaw<(Partial<DecisionRow> & { version: string })[]>`
    SELECT ${DECISION_WITH_OFFERS}, ${funnelVersion(shop)} AS "version"
    FROM (SELECT 1 AS one) AS probe
    LEFT JOIN "PostPurchaseDecision" d ON d."shop" = ${shop} AND d."referenceId" = ${referenceId}
    LEFT JOIN ${OFFER_SET_OF_DECISION}`;
  const row = rows[0];
  const decision =
    row?.offers != null && row.funnelId != null && row.currency != null
      ? toDecision({ referenceId, funnelId: row.funnelId, customerId: row.customerId ?? null, currency: row.currency, offers: row.offers })
      : null;
  return { decision, funnelVersion: row?.version ?? "" };
}

export type InsertOutcome = "inserted" | "exists" | "stale";

/**
 * Persists a decision made from the shop's funnels at `version`, only if
 * the funnels are still at that version: a compare-and-set. The guard sits
 * in the NOT NULL funnelId (null when the version moved), so a stale
 * decision is rejected by the database rather than stored; likewise the
 * NOT NULL offerSetId is null when the offer set is missing. Outcomes:
 *
 * - "inserted": stored, answer it;
 * - "exists": this purchase already has a decision (a racing request,
 *   maybe on another instance): read and answer that one, so both agree;
 * - "stale": the funnels changed since `version`; decide again.
 *
 * Group commit: decisions arriving while the previous insert is being
 * written go out together as one multi-row statement. Each write costs a
 * fixed ~0.45 ms on SQLite (Prisma's pipeline, then the commit's sync of
 * the write-ahead log) that would otherwise be paid per purchase on the
 * event loop. Nothing waits for company beyond the current turn of the
 * event loop: the requests that reach this point in the same turn share one
 * statement. Each batch is still one durable commit before anyone is
 * answered.
 */
export function insertDecisionIfFunnelsAt(shop: string, decision: StoredDecision, version: string): Promise<InsertOutcome> {
  return new Promise((resolve, reject) => {
    pending.push({ shop, decision, version, resolve, reject });
    if (!writing && !scheduled) {
      // At the end of this turn of the event loop, not now: libsql runs SQLite
      // synchronously, so a write started now would finish before any other
      // request of this turn could join it.
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (!writing && pending.length > 0) void writePending();
      });
    }
  });
}

type PendingInsert = {
  shop: string;
  decision: StoredDecision;
  version: string;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
};

const MAX_BATCH = 100;
let pending: PendingInsert[] = [];
let writing = false;
let scheduled = false;

async function writePending() {
  writing = true;
  try {
    while (pending.length > 0) {
      const batch = pending.slice(0, MAX_BATCH);
      pending = pending.slice(batch.length);
      try {
        const outcomes = await insertBatch(batch);
        batch.forEach((item, i) => item.resolve(outcomes[i] ?? "exists"));
      } catch (error) {
        if (!isNullConstraintViolation(error)) {
          for (const item of batch) item.reject(error);
          continue;
        }
        // One stale row fails the whole statement: settle each on its own. A row may
        // instead have lacked its offer set (deleted since this process stored it): store
        // the sets again rather than trust what this process remembers.
        forgetStoredOfferSets();
        for (const item of batch) {
          try {
            item.resolve((await insertBatch([item]))[0] ?? "exists");
          } catch (single) {
            if (isNullConstraintViolation(single)) item.resolve("stale");
            else item.reject(single);
          }
        }
      }
    }
  } finally {
    writing = false;
  }
}

async function insertBatch(batch: PendingInsert[]): Promise<InsertOutcome[]> {
  const now = new Date();
  const shops = [...new Set(batch.map((item) => item.shop))];
  const sets = batch.map(({ shop, decision }) => ({ shop, ...offerSetOf(decision) }));
  await storeOfferSets(sets, now);
  const rows = batch.map(
    ({ shop, decision, version }, i) => Prisma.sql`(${randomUUID()}, ${shop}, ${decision.referenceId},
      CASE WHEN (SELECT "version" FROM "versions" WHERE "shop" = ${shop}) = ${version}
        THEN ${decision.funnelId} ELSE NULL END,
      ${decision.customerId}, ${decision.currency},
      (SELECT "id" FROM "PostPurchaseOfferSet" WHERE "shop" = ${shop} AND "id" = ${sets[i]?.id}), ${now})`,
  );
  // The version of each shop's funnels and sold-out variants once per statement, not once
  // per row; computed like funnelVersion. A shop without active funnels has no row, so
  // its rows fail the NOT NULL guard: there was nothing to decide from.
  const inserted = await db.$queryRaw<{ shop: string; referenceId: string }[]>`
    WITH "versions" AS MATERIALIZED (
      SELECT f."shop", CAST(count(*) AS TEXT) || ':' || COALESCE(CAST(max(f."updatedAt") AS TEXT), '') || '/' || (
        SELECT CAST(count(*) AS TEXT) || ':' || COALESCE(CAST(max(s."since") AS TEXT), '')
        FROM "SoldOutVariant" s WHERE s."shop" = f."shop") AS "version"
      FROM "Funnel" f WHERE f."shop" IN (${Prisma.join(shops)}) AND f."status" = 'active' GROUP BY f."shop")
    INSERT INTO "PostPurchaseDecision" ("id", "shop", "referenceId", "funnelId", "customerId", "currency", "offerSetId", "createdAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("shop", "referenceId") DO NOTHING
    RETURNING "shop", "referenceId"`;
  // Two requests for one purchase in one batch: the first row is stored, the second conflicts.
  const stored = new Set(inserted.map((row) => `${row.shop} ${row.referenceId}`));
  return batch.map(({ shop, decision }) => {
    const key = `${shop} ${decision.referenceId}`;
    if (!stored.has(key)) return "exists";
    stored.delete(key);
    return "inserted";
  });
}

type OfferSet = { id: string; offers: string };

/** Offer sets by rendering: a funnel's offers are hashed once, not once per purchase. */
const offerSets = new WeakMap<object, OfferSet>();

/** The decision's offers as stored: their JSON and its SHA-256, the offer set's id. */
function offerSetOf(decision: StoredDecision): OfferSet {
  const known = decision.rendered && offerSets.get(decision.rendered);
  if (known) return known;
  const offers = decision.rendered?.sequence ?? JSON.stringify(decision.sequence);
  const set = { id: createHash("sha256").update(offers).digest("hex"), offers };
  if (decision.rendered) offerSets.set(decision.rendered, set);
  return set;
}

/**
 * Offer sets this process has seen stored, by shop and id, and when. A set
 * is never changed once stored, so it need not be written again: this keeps
 * a decision's write to its own small row rather than kilobytes of offers
 * per purchase. Nothing rests on this memory being right: a decision whose
 * set is gone (shop/redact, maybe on another instance) gets a null
 * offerSetId from its insert, which the database refuses, and writePending
 * then forgets and stores the sets again. Kept an hour at most.
 */
const storedOfferSets = new Map<string, number>();
const STORED_OFFER_SETS_MAX = 10_000;
const STORED_OFFER_SET_TTL_MS = 60 * 60 * 1000;

/** Stores the sets not known to be stored already; one statement for all of them. */
async function storeOfferSets(sets: (OfferSet & { shop: string })[], now: Date) {
  const fresh = new Map<string, OfferSet & { shop: string }>();
  for (const set of sets) {
    const key = `${set.shop} ${set.id}`;
    const storedAt = storedOfferSets.get(key);
    if (storedAt === undefined || now.getTime() - storedAt > STORED_OFFER_SET_TTL_MS) fresh.set(key, set);
  }
  if (fresh.size === 0) return;
  const rows = [...fresh.values()].map((set) => Prisma.sql`(${set.shop}, ${set.id}, ${set.offers}, ${now})`);
  await db.$executeRaw`
    INSERT INTO "PostPurchaseOfferSet" ("shop", "id", "offers", "createdAt") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("shop", "id") DO NOTHING`;
  if (storedOfferSets.size + fresh.size > STORED_OFFER_SETS_MAX) storedOfferSets.clear();
  for (const key of fresh.keys()) storedOfferSets.set(key, now.getTime());
}

/** Forgets which offer sets are stored: after this instance deleted a shop's. */
export function forgetStoredOfferSets() {
  storedOfferSets.clear();
}

function isNullConstraintViolation(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta;
  return meta?.driverAdapterError?.cause?.kind === "NullConstraintViolation";
}

export type StepRow = {
  step: string;
  jti: string | null;
  signedAt: Date | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
};

/** The buyer's answers so far, as core's signRefusal reads them, with the rows behind them. */
export async function stepStates(shop: string, referenceId: string) {
  const rows: StepRow[] = await db.postPurchaseStep.findMany({
    where: { shop, referenceId },
    select: { step: true, jti: true, signedAt: true, acceptedAt: true, declinedAt: true },
  });
  const states: PostPurchaseStepStates = {};
  for (const row of rows) states[row.step as PostPurchaseStep] = stateOf(row);
  return { states, rows: new Map(rows.map((row) => [row.step, row])) };
}

const stateOf = (row: StepRow): PostPurchaseStepState => ({
  signed: row.signedAt !== null,
  accepted: row.acceptedAt !== null,
  declined: row.declinedAt !== null,
});

/**
 * The (jti, iat) of the step's changeset: created on the first sign, the
 * same ever after, so a retried or double-clicked accept gets the very same
 * token and Shopify applies it once. Two racing first signs meet on the
 * unique key and both use the winner's.
 */
export async function claimSignature(
  shop: string,
  referenceId: string,
  step: PostPurchaseStep,
  existing: StepRow | undefined,
): Promise<{ jti: string; signedAt: Date; created: boolean }> {
  if (existing?.jti && existing.signedAt) return { jti: existing.jti, signedAt: existing.signedAt, created: false };
  const fresh = { jti: randomUUID(), signedAt: new Date() };
  try {
    await db.postPurchaseStep.create({ data: { shop, referenceId, step, ...fresh } });
    return { ...fresh, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await db.postPurchaseStep.findUniqueOrThrow({ where: { shop_referenceId_step: { shop, referenceId, step } } });
    if (!row.jti || !row.signedAt) throw error;
    return { jti: row.jti, signedAt: row.signedAt, created: false };
  }
}

/** Withdraws a signature this request just created and that lost a race with a contradicting one. */
export async function releaseSignature(shop: string, referenceId: string, step: PostPurchaseStep, jti: string) {
  await db.postPurchaseStep.deleteMany({ where: { shop, referenceId, step, jti, acceptedAt: null, declinedAt: null } });
}

/** Marks a signed step accepted; false when it was never signed (nothing can have been applied). */
export async function markAccepted(shop: string, referenceId: string, step: PostPurchaseStep): Promise<boolean> {
  const { count } = await db.postPurchaseStep.updateMany({
    where: { shop, referenceId, step, signedAt: { not: null }, acceptedAt: null },
    data: { acceptedAt: new Date() },
  });
  if (count > 0) return true;
  // A repeated report keeps the first accept time.
  return (await db.postPurchaseStep.count({ where: { shop, referenceId, step, acceptedAt: { not: null } } })) > 0;
}

/** Marks a step declined unless it was accepted; false when it was accepted. */
export async function markDeclined(shop: string, referenceId: string, step: PostPurchaseStep): Promise<boolean> {
  const where = { shop, referenceId, step };
  const row = await db.postPurchaseStep.findUnique({ where: { shop_referenceId_step: where } });
  if (row?.acceptedAt) return false;
  if (row) {
    if (!row.declinedAt) await db.postPurchaseStep.updateMany({ where: { ...where, acceptedAt: null }, data: { declinedAt: new Date() } });
    return true;
  }
  try {
    await db.postPurchaseStep.create({ data: { ...where, declinedAt: new Date() } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return markDeclined(shop, referenceId, step);
  }
  return true;
}

/**
 * Records a refused request. The same refusal again (a client retrying)
 * counts up on its row rather than adding rows.
 */
export async function recordRefusal(
  shop: string,
  refusal: { referenceId: string; offerId: string; code: string; reason: string },
) {
  const key = {
    shop,
    referenceId: refusal.referenceId.slice(0, 200),
    offerId: refusal.offerId.slice(0, 40),
    code: refusal.code,
  };
  try {
    await db.postPurchaseRefusal.upsert({
      where: { shop_referenceId_offerId_code: key },
      create: { ...key, reason: refusal.reason.slice(0, 500) },
      update: { count: { increment: 1 }, reason: refusal.reason.slice(0, 500) },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // two identical refusals racing: one row is enough
  }
}

export type PostPurchaseEvent = {
  shop: string;
  decision: StoredDecision;
  step: PostPurchaseStep;
  type: "impression" | "accept" | "decline";
  variantId: string;
  /** Minor units added to the order, for an accept. */
  amount: { amount: number; currency: string } | null;
};

/** One OfferEvent per purchase, step and type, however often it is reported; true when this call recorded it. */
export async function recordPostPurchaseEvent(event: PostPurchaseEvent): Promise<boolean> {
  try {
    await db.offerEvent.create({
      data: {
        shop: event.shop,
        funnelId: event.decision.funnelId,
        offer: event.step,
        type: event.type,
        variantId: event.variantId,
        purchaseKey: event.decision.referenceId,
        dedupeKey: `pp:${event.decision.referenceId}:${event.step}:${event.type}`,
        customerId: event.decision.customerId,
        amount: event.amount?.amount ?? null,
        currency: event.amount?.currency ?? null,
      },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
