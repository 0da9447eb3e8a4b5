import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Card, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { listDataRequests } from "../models/customer-data-request.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";
import { DownloadButton } from "../components/download-button";

export const meta: MetaFunction = () => [{ title: pageTitle("Customer data requests") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { requests: await listDataRequests(session.shop) };
};

export default function CustomerDataRequests() {
  const { requests } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Customer data requests" />
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {requests.length === 0 ? (
              <Box padding="600">
                <BlockStack gap="200" inlineAlign="center">
                  <Text as="h2" variant="headingMd" alignment="center">
                    No customer data requests
                  </Text>
                  <Text as="p" tone="subdued" alignment="center">
                    When a customer asks your store for their data, Shopify tells Upstack and the report of what
                    Upstack holds about them appears here, ready to download and send.
                  </Text>
                </BlockStack>
              </Box>
            ) : (
              <IndexTable
                resourceName={{ singular: "request", plural: "requests" }}
                itemCount={requests.length}
                selectable={false}
                headings={[{ title: "Received" }, { title: "Customer" }, { title: "Orders" }, { title: "Report" }]}
              >
                {requests.map((request, index) => (
                  <IndexTable.Row id={request.id} key={request.id} position={index}>
                    <IndexTable.Cell>{new Date(request.receivedAt).toLocaleString()}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span">{request.customerEmail ?? `Customer ${request.customerId ?? "unknown"}`}</Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{request.ordersRequested}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <DownloadButton url={`/app/data-requests/${request.id}`} fileName={`upstack-customer-data-${request.id}.json`}>
                        Download
                      </DownloadButton>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
