import type { Transaction } from "./webhook-delivery.server";

/**
 * Everything Upstack stores, per shop and per customer, in one place, so the
 * compliance webhooks stay complete as tables are added: a new table that
 * holds shop data belongs in deleteShopData, one that holds customer data in
 * collectCustomerData and deleteCustomerData too.
 */

export type CustomerRef = { id: string | null; email: string | null };

/** shop/redact: no row for the shop is left behind. */
export async function deleteShopData(tx: Transaction, shop: string) {
  await tx.offerEvent.deleteMany({ where: { shop } });
  await tx.funnel.deleteMany({ where: { shop } });
  await tx.publication.deleteMany({ where: { shop } });
  await tx.customerDataRequest.deleteMany({ where: { shop } });
  await tx.session.deleteMany({ where: { shop } });
  await tx.webhookDelivery.deleteMany({ where: { shop } });
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
  return {
    customer,
    offerEvents: offerEvents.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() })),
    dataRequests: earlierRequests.map((request) => ({
      receivedAt: request.receivedAt.toISOString(),
      shopifyRequestId: request.shopifyRequestId,
      ordersRequested: JSON.parse(request.ordersRequested) as string[],
    })),
  };
}

/** customers/redact: removes what we hold about that customer in that shop. */
export async function deleteCustomerData(tx: Transaction, shop: string, customer: CustomerRef) {
  await tx.customerDataRequest.deleteMany({ where: customerWhere(shop, customer) });
  if (customer.id) await tx.offerEvent.deleteMany({ where: { shop, customerId: customerGid(customer.id) } });
}
