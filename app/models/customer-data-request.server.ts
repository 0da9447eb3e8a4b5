import db from "../db.server";

export type DataRequestSummary = {
  id: string;
  customerId: string | null;
  customerEmail: string | null;
  ordersRequested: number;
  receivedAt: string;
};

/** The shop's customer data requests, newest first. */
export async function listDataRequests(shop: string): Promise<DataRequestSummary[]> {
  const rows = await db.customerDataRequest.findMany({
    where: { shop },
    orderBy: { receivedAt: "desc" },
    take: 200,
  });
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customerId,
    customerEmail: row.customerEmail,
    ordersRequested: (JSON.parse(row.ordersRequested) as unknown[]).length,
    receivedAt: row.receivedAt.toISOString(),
  }));
}

export function countDataRequests(shop: string) {
  return db.customerDataRequest.count({ where: { shop } });
}

/** One request's report, or null when it does not exist in this shop. */
export async function findDataRequestReport(shop: string, id: string) {
  const row = await db.customerDataRequest.findFirst({ where: { id, shop } });
  if (!row) return null;
  return { receivedAt: row.receivedAt.toISOString(), report: JSON.parse(row.report) as unknown };
}
