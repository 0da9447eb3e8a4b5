import { forgetShopJobs } from "../jobs/jobs.server";
import { customerOrders, deleteCustomerOrders, deleteShopOrders } from "./order.server";
import type { Transaction } from "./webhook-delivery.server";

/**
 * Everything Upstack stores, per shop and per customer, in one place, so the
 * compliance webhooks stay complete as tables are added: a new table that
 * holds shop data belongs in deleteShopData, one that holds customer data in
 * collectCustomerData and deleteCustomerData too.
 */

export type CustomerRef = { id: string | null; email: string | null };

/** shop/redact: no row for the shop is left behind (but the redaction marker, see shop-redaction.server). */
export async function deleteShopData(tx: Transaction, shop: string) {
  await tx.offerEvent.deleteMany({ where: { shop } });
  await deleteShopOrders(tx, shop);
  await tx.postPurchaseDecision.deleteMany({ where: { shop } });
  await tx.postPurchaseOfferSet.deleteMany({ where: { shop } }); // after the decisions that refer to them
  await tx.postPurchaseStep.deleteMany({ where: { shop } });
  await tx.postPurchaseRefusal.deleteMany({ where: { shop } });
  await tx.offerSkip.deleteMany({ where: { shop } });
  await tx.funnel.deleteMany({ where: { shop } });
  await tx.experiment.deleteMany({ where: { shop } });
  await tx.soldOutVariant.deleteMany({ where: { shop } });
  await tx.collectionProducts.deleteMany({ where: { shop } });
  await tx.publication.deleteMany({ where: { shop } });
  await tx.shopSetup.deleteMany({ where: { shop } });
  await tx.shopSettings.deleteMany({ where: { shop } });
  await tx.job.deleteMany({ where: { shop } });
  await forgetShopJobs(shop, tx); // on PostgreSQL its jobs are in pg-boss's tables
  await tx.customerDataRequest.deleteMany({ where: { shop } });
  await tx.session.deleteMany({ where: { shop } });
  await tx.webhookDelivery.deleteMany({ where: { shop } });
  await tx.rateLimitCounter.deleteMany({ where: { shop } });
}

/** Offer events name the buyer as checkout does, by GID. */
const customerGid = (id: string) => `gid://shopify/Customer/${id}`;

function customerWhere(shop: string, customer: CustomerRef) {
  const match = [
    ...(customer.id ? [{ customerId: customer.id }] : []),
    ...(customer.email ? [{ customerEmail: customer.email }] : []),
  ];
  return { shop, OR: match.length ? match : [{ id: "" }] };
}

/** What Upstack holds about one customer of one shop, as a plain JSON-able report. */
export async function collectCustomerData(tx: Transaction, shop: string, customer: CustomerRef) {
  const earlierRequests = await tx.customerDataRequest.findMany({
    where: customerWhere(shop, customer),
    orderBy: { receivedAt: "asc" },
    select: { receivedAt: true, shopifyRequestId: true, ordersRequested: true },
  });
  const offerEvents = customer.id
    ? await tx.offerEvent.findMany({
        where: { shop, customerId: customerGid(customer.id) },
        orderBy: { occurredAt: "asc" },
        select: { occurredAt: true, offer: true, type: true, variantId: true, amount: true, currency: true },
      })
    : [];
  const postPurchase = customer.id ? await postPurchaseOffersShown(tx, shop, customerGid(customer.id)) : [];
  const orders = customer.id ? await customerOrders(tx, shop, customerGid(customer.id)) : [];
  return {
    customer,
    orders,
    offerEvents: offerEvents.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() })),
    postPurchaseOffers: postPurchase,
    dataRequests: earlierRequests.map((request) => ({
      receivedAt: request.receivedAt.toISOString(),
      shopifyRequestId: request.shopifyRequestId,
      ordersRequested: JSON.parse(request.ordersRequested) as string[],
    })),
  };
}

/**
 * The post-purchase offers a customer was shown (one decision per purchase
 * they made) and what they answered. The purchase is linked to them by the
 * customer id Shopify put in the post-purchase token.
 */
async function postPurchaseOffersShown(tx: Transaction, shop: string, customerId: string) {
  const decisions = await tx.postPurchaseDecision.findMany({
    where: { shop, customerId },
    orderBy: { createdAt: "asc" },
    select: { referenceId: true, createdAt: true, currency: true, offerSet: { select: { offers: true } } },
  });
  if (decisions.length === 0) return [];
  const steps = await tx.postPurchaseStep.findMany({
    where: { shop, referenceId: { in: decisions.map((d) => d.referenceId) } },
    select: { referenceId: true, step: true, signedAt: true, acceptedAt: true, declinedAt: true },
  });
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return decisions.map((decision) => ({
    referenceId: decision.referenceId,
    decidedAt: decision.createdAt.toISOString(),
    currency: decision.currency,
    offers: Object.entries(JSON.parse(decision.offerSet.offers) as Record<string, { product?: { title?: string } } | null>)
      .filter(([, offer]) => offer)
      .map(([step, offer]) => ({ step, product: offer?.product?.title ?? null })),
    answers: steps
      .filter((row) => row.referenceId === decision.referenceId)
      .map((row) => ({ step: row.step, signedAt: iso(row.signedAt), acceptedAt: iso(row.acceptedAt), declinedAt: iso(row.declinedAt) })),
  }));
}

/** customers/redact: removes what we hold about that customer in that shop. */
export async function deleteCustomerData(tx: Transaction, shop: string, customer: CustomerRef) {
  await tx.customerDataRequest.deleteMany({ where: customerWhere(shop, customer) });
  if (!customer.id) return;
  const customerId = customerGid(customer.id);
  await tx.offerEvent.deleteMany({ where: { shop, customerId } });
  // What the offer pages recorded for their purchases: no customer data, but nothing of theirs stays behind.
  const checkouts = await tx.order.findMany({ where: { shop, customerId, checkoutToken: { not: null } }, select: { checkoutToken: true } });
  const keys = checkouts.flatMap((order) => (order.checkoutToken ? [order.checkoutToken] : []));
  if (keys.length > 0) await tx.offerSkip.deleteMany({ where: { shop, purchaseKey: { in: keys } } });
  await deleteCustomerOrders(tx, shop, customerId);
  // Their post-purchase decisions, and the answers and refusals recorded against those purchases.
  const purchases = (await tx.postPurchaseDecision.findMany({ where: { shop, customerId }, select: { referenceId: true } })).map(
    (decision) => decision.referenceId,
  );
  if (purchases.length === 0) return;
  await tx.postPurchaseStep.deleteMany({ where: { shop, referenceId: { in: purchases } } });
  await tx.postPurchaseRefusal.deleteMany({ where: { shop, referenceId: { in: purchases } } });
  await tx.postPurchaseDecision.deleteMany({ where: { shop, customerId } });
}
