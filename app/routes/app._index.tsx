import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, InlineStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import { countDataRequests } from "../models/customer-data-request.server";
import { readShopSummary } from "../services/shop.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Dashboard") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [shop, dataRequests] = await Promise.all([readShopSummary(admin), countDataRequests(session.shop)]);
  return { shop, dataRequests };
};

export default function Dashboard() {
  const { shop, dataRequests } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Upstack" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Welcome, {shop.name}
              </Text>
              <Text as="p">
                Upstack shows your buyers up to three offers around one purchase: an order bump in checkout, a
                one-click upsell right after payment, and a downsell if the upsell is declined. You choose the
                products, prices and words.
              </Text>
              <List type="number">
                <List.Item>Order bump: a small, related item next to the pay button, about 20-40% of the core price.</List.Item>
                <List.Item>
                  One-click upsell: one offer after payment. If the buyer accepts, it is a separate charge on the payment
                  method they just used.
                </List.Item>
                <List.Item>Downsell: a cheaper alternative, shown only when the upsell is declined.</List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Your store
              </Text>
              <InlineStack align="space-between">
                <Text as="span">Currency</Text>
                <Text as="span">{shop.currencyCode}</Text>
              </InlineStack>
              <InlineStack align="space-between">
                <Text as="span">Customer data requests</Text>
                <Link url="/app/data-requests">{String(dataRequests)}</Link>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
