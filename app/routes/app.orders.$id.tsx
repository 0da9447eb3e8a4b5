import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { NO_OFFER_REASONS, SURFACE_NAMES, formatMoney, money } from "@upstack/core";
import { orderGidOfParam, orderOfferReport } from "../models/offer-coverage.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Order ${data.order.legacyId}` : "Order not found") }];

// "Why did this order get no offer?": per surface, what it was shown or why not, and what it bought.
// Another shop's order, or an id that is no order, is a 404 like one that never existed.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const orderId = orderGidOfParam(params.id);
  const report = orderId ? await orderOfferReport(session.shop, orderId) : null;
  if (!report) throw new Response("No such order in this store (Upstack may not have read it yet).", { status: 404 });
  return report;
};

const OFFER_WORDS: Record<string, string> = {
  bump: "Bump",
  upsell: "Upsell",
  downsell: "Downsell",
  followUp: "Follow-up",
  thankYou: "Thank-you offer",
};
const EVENT_WORDS: Record<string, string> = { impression: "shown", accept: "accepted", decline: "declined", remove: "removed" };

export default function OrderOffers() {
  const { order, coverage, offerLines, events, funnelNames, heldOut } = useLoaderData<typeof loader>();
  const funnelName = (id: string) => funnelNames[id] ?? "a deleted funnel";
  return (
    <Page
      title={`Order ${order.legacyId}`}
      subtitle={`Placed ${new Date(order.placedAt).toISOString().slice(0, 16).replace("T", " ")} UTC · ${formatMoney(money(order.total.amount, order.total.currency))}`}
      titleMetadata={heldOut ? <Badge tone="info">In the holdout</Badge> : undefined}
      backAction={{ content: "Orders", url: "/app/orders" }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Offers, place by place
              </Text>
              {coverage.map((row) => (
                <InlineStack key={row.surface} gap="300" wrap={false} blockAlign="start">
                  <div style={{ minWidth: "16rem" }}>
                    <Text as="span" fontWeight="semibold">
                      {SURFACE_NAMES[row.surface]}
                    </Text>
                  </div>
                  <span data-surface={row.surface}>
                    {row.outcome === "shown" ? (
                      <Badge tone="success">Offer shown</Badge>
                    ) : (
                      <Text as="span" tone={row.couldSee ? undefined : "subdued"}>
                        {row.reason ? NO_OFFER_REASONS[row.reason].words : "No offer."}
                      </Text>
                    )}
                  </span>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Bought from Upstack&apos;s offers
              </Text>
              {offerLines.length === 0 ? (
                <Text as="p">Nothing: no line of this order came from an offer.</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric"]}
                  headings={["Offer", "Funnel", "Quantity", "Paid"]}
                  rows={offerLines.map((line) => [
                    OFFER_WORDS[line.offer] ?? line.offer,
                    funnelName(line.funnelId),
                    line.quantity,
                    formatMoney(money(line.amountShop, order.total.currency)),
                  ])}
                />
              )}
              {order.refunded.amount > 0 ? (
                <Text as="p" tone="subdued">{`Refunded on this order: ${formatMoney(money(order.refunded.amount, order.refunded.currency))}`}</Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                What the buyer did
              </Text>
              {events.length === 0 ? (
                <Text as="p">No offer was shown to this buyer, so there is nothing they did with one.</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={["When (UTC)", "Offer", "Funnel", "What happened"]}
                  rows={events.map((event) => [
                    new Date(event.occurredAt).toISOString().slice(0, 19).replace("T", " "),
                    OFFER_WORDS[event.offer] ?? event.offer,
                    funnelName(event.funnelId),
                    EVENT_WORDS[event.type] ?? event.type,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
