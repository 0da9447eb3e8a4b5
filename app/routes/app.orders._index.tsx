import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { SURFACE_NAMES, formatMoney, money, parseScoreboardRange } from "@upstack/core";
import { OfferCoverage } from "../components/offer-coverage";
import { offerCoverage, recentOrders } from "../models/offer-coverage.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Orders") }];

// Recent orders with what each got, and coverage over the period (?from=&to=, default the last 30 days).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  // The dashboard export's rule for a period of whole UTC days.
  const parsed = parseScoreboardRange({ from: url.searchParams.get("from"), to: url.searchParams.get("to") });
  if (!parsed.ok) throw new Response(parsed.reason, { status: 400 });
  const { range } = parsed;
  const [orders, coverage] = await Promise.all([recentOrders(session.shop), offerCoverage(session.shop, range)]);
  return { orders, coverage, range };
};

const OFFER_WORDS: Record<string, string> = {
  bump: "bump",
  upsell: "upsell",
  downsell: "downsell",
  followUp: "follow-up",
  thankYou: "thank-you offer",
};

export default function Orders() {
  const { orders, coverage, range } = useLoaderData<typeof loader>();
  const last = new Date(new Date(range.to).getTime() - 86_400_000).toISOString().slice(0, 10);
  return (
    <Page title="Orders" subtitle="What each order was offered, and why an order got no offer" backAction={{ content: "Dashboard", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {orders.length === 0 ? (
              <BlockStack gap="200">
                <div style={{ padding: "16px" }}>
                  <Text as="p">No orders yet. Orders appear here as Shopify sends them, and from the last 60 days once they are read.</Text>
                </div>
              </BlockStack>
            ) : (
              <IndexTable
                resourceName={{ singular: "order", plural: "orders" }}
                itemCount={orders.length}
                selectable={false}
                headings={[{ title: "Order" }, { title: "Placed" }, { title: "Total" }, { title: "Bought from Upstack" }, { title: "Shown" }]}
              >
                {orders.map((order, index) => (
                  <IndexTable.Row id={order.orderId} key={order.orderId} position={index}>
                    <IndexTable.Cell>
                      <Link to={`/app/orders/${order.legacyId}`}>Order {order.legacyId}</Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{new Date(order.placedAt).toISOString().slice(0, 16).replace("T", " ")}</IndexTable.Cell>
                    <IndexTable.Cell>{formatMoney(money(order.total.amount, order.total.currency))}</IndexTable.Cell>
                    <IndexTable.Cell>{order.bought.length > 0 ? order.bought.map((offer) => OFFER_WORDS[offer] ?? offer).join(", ") : "Nothing"}</IndexTable.Cell>
                    <IndexTable.Cell>{order.shown.length > 0 ? order.shown.map((surface) => SURFACE_NAMES[surface]).join(", ") : "No offer"}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="p" tone="subdued">{`Orders placed ${new Date(range.from).toISOString().slice(0, 10)} to ${last}`}</Text>
            <OfferCoverage coverage={coverage} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
