import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, Layout, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { LOW_DATA_ORDERS, dateRangeDays, dateRangeOf, parseDateRangeKey } from "@upstack/core";
import { SetupGuide } from "../components/setup-guide";
import { ScoreboardSections } from "../components/scoreboard/scoreboard-sections";
import { StoreCard } from "../components/scoreboard/store-card";
import { countDataRequests } from "../models/customer-data-request.server";
import { installedAt, shopHasOrders } from "../models/order-backfill.server";
import { loadScoreboard } from "../services/scoreboard.server";
import { readShopSummary } from "../services/shop.server";
import { setupGuideFor } from "../services/store-setup.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Dashboard") }];

/** The scoreboard's CSV export route. */
const SCOREBOARD_EXPORT_PATH = "/app/scoreboard.csv";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const range = parseDateRangeKey(new URL(request.url).searchParams.get("range"));
  if (!range.ok) throw data(range.reason, { status: 400 });
  const { from, to } = dateRangeOf(range.key, new Date(), await installedAt(session.shop));
  const [shop, dataRequests, setup, scoreboard, hasOrders] = await Promise.all([
    readShopSummary(admin),
    countDataRequests(session.shop),
    setupGuideFor(session.shop),
    loadScoreboard(session.shop, { from, to }),
    shopHasOrders(session.shop),
  ]);
  return { shop, dataRequests, setup, scoreboard, hasOrders, range: range.key, exportUrl: exportUrl({ from, to }) };
};

/** "Check again": the background job reads the plan and the live theme once more. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await setupGuideFor(session.shop, { recheck: true });
  return { rechecking: true };
};

/** The CSV export of the same days. */
function exportUrl(range: { from: Date; to: Date }): string {
  return `${SCOREBOARD_EXPORT_PATH}?${new URLSearchParams(dateRangeDays(range))}`;
}

export default function Dashboard() {
  const { shop, dataRequests, setup, scoreboard, hasOrders, range, exportUrl } = useLoaderData<typeof loader>();
  return (
    <Page title={shop.name} subtitle="How your offers are doing">
      <TitleBar title="Upstack" />
      <Layout>
        <ScoreboardSections
          scoreboard={scoreboard}
          hasOrders={hasOrders}
          range={range}
          exportUrl={exportUrl}
          lowDataOrders={LOW_DATA_ORDERS}
        />
        {/* Experiments: the experiment verdicts card (app/components/experiment-verdicts.tsx) goes here, as a Layout.Section. */}
        {/* Coverage: the coverage card and the holdout settings go here, as Layout.Sections. */}
        <Layout.Section>
          <BlockStack gap="200">
            <SetupGuide {...setup} />
            <Form method="post">
              <Button submit>Check my plan and theme again</Button>
            </Form>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <StoreCard currencyCode={shop.currencyCode} dataRequests={dataRequests} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** A link with a range the dashboard does not know: say so, with the choices (the auth library's errors go to Shopify's boundary). */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <Page title="Dashboard" backAction={{ content: "Dashboard", url: "/app" }}>
        <Card>
          <Text as="p">{typeof error.data === "string" ? error.data : "This link asks for something the dashboard cannot show."}</Text>
        </Card>
      </Page>
    );
  }
  return boundary.error(error);
}
