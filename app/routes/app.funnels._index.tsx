import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  Layout,
  Link,
  Page,
  Tabs,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import {
  FUNNEL_STATUSES,
  FUNNEL_TEMPLATES,
  dateRangeOf,
  formatMoney,
  soldOutOffers,
  summarizeTrigger,
  type Funnel,
  type FunnelStatus,
} from "@upstack/core";
import { STATUS_BADGE } from "../components/funnel-status";
import { formatRate } from "../components/scoreboard/format";
import { PublishingBanner } from "../components/publishing-banner";
import { publishingState, requestPublish } from "../jobs/jobs.server";
import { listFunnelsAndBroken, setFunnelStatus } from "../models/funnel.server";
import { soldOutVariants } from "../models/sold-out-variant.server";
import { funnelTotals } from "../services/scoreboard.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

const FILTERS = ["all", ...FUNNEL_STATUSES] as const;
type Filter = (typeof FILTERS)[number];
const BULK_STATUSES: FunnelStatus[] = ["active", "paused", "archived"];
/** The range of the list's take rate and revenue columns (the dashboard has the others). */
const TOTALS_RANGE = "30d" as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Funnels") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const requested = new URL(request.url).searchParams.get("status") ?? "all";
  const filter: Filter = (FILTERS as readonly string[]).includes(requested) ? (requested as Filter) : "all";
  // Reads only: publishing runs as a background job, and this shows how it goes.
  const { from, to } = dateRangeOf(TOTALS_RANGE, new Date(), null);
  const [{ funnels, broken }, publishing, soldOut, totals] = await Promise.all([
    listFunnelsAndBroken(session.shop, filter === "all" ? undefined : filter),
    publishingState(session.shop),
    soldOutVariants(session.shop),
    funnelTotals(session.shop, { from, to }),
  ]);
  return {
    filter,
    publishing,
    funnels: [
      ...funnels.map((funnel) => ({
        id: funnel.id,
        name: funnel.name,
        status: funnel.status,
        priority: funnel.priority,
        trigger: summarizeTrigger(funnel.trigger, formatMoney),
        offers: [
          funnel.bump && "Bump",
          funnel.postPurchase.upsell && "Upsell",
          funnel.postPurchase.downsell && "Downsell",
          funnel.postPurchase.followUp && "Follow-up",
        ].filter((offer): offer is string => Boolean(offer)),
        attention: funnel.attention,
        soldOut: soldOutNotice(funnel, soldOut),
        totals: totals.get(funnel.id) ?? null,
      })),
      // Listed so the merchant can see, archive or recreate them; never published or offered.
      ...broken.map((funnel) => ({
        id: funnel.id,
        name: funnel.name,
        status: funnel.status,
        priority: funnel.priority,
        trigger: "—",
        offers: [],
        attention: `Broken: ${funnel.problem}. It is not offered to buyers.`,
        soldOut: null,
        totals: totals.get(funnel.id) ?? null,
      })),
    ],
    templates: FUNNEL_TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description })),
  };
};

const OFFER_NAMES = { bump: "order bump", upsell: "upsell", downsell: "downsell", followUp: "follow-up" } as const;

/** What the merchant reads when Shopify says an offer's product cannot be sold now. */
function soldOutNotice(funnel: Funnel, soldOut: ReadonlySet<string>): string | null {
  const offers = soldOutOffers(funnel, soldOut);
  if (offers.length === 0) return null;
  const names = offers.map((offer) => `${offer.title} (${OFFER_NAMES[offer.offer]})`).join(", ");
  const effect = offers.some((offer) => offer.offer === "upsell")
    ? "No post-purchase offer is shown until the upsell is back in stock."
    : offers.length > 1
      ? "Buyers are not offered them until they are back in stock."
      : "Buyers are not offered it until it is back in stock.";
  return `Out of stock in Shopify: ${names}. ${effect}`;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const status = String(form.get("status") ?? "") as FunnelStatus;
  const ids = form.getAll("id").map(String);
  if (intent !== "set-status" || !BULK_STATUSES.includes(status) || ids.length === 0) {
    return data({ error: "Choose funnels and a status: active, paused or archived." }, { status: 422 });
  }
  const updated = await setFunnelStatus(session.shop, ids, status);
  await requestPublish(session.shop);
  return { updated, publish: "queued" as const };
};

export default function Funnels() {
  const { funnels, filter, publishing, templates } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(funnels);

  const setStatus = (status: FunnelStatus) => {
    const form = new FormData();
    form.set("intent", "set-status");
    form.set("status", status);
    selectedResources.forEach((id) => form.append("id", id));
    fetcher.submit(form, { method: "post" });
    clearSelection();
  };
  const tabs = FILTERS.map((id) => ({ id, content: id === "all" ? "All" : STATUS_BADGE[id].label }));
  const noFunnelsAtAll = funnels.length === 0 && filter === "all";

  return (
    <Page
      title="Funnels"
      primaryAction={{ content: "Create funnel", onAction: () => navigate("/app/funnels/new") }}
    >
      <TitleBar title="Funnels" />
      <Layout>
        {publishing ? (
          <Layout.Section>
            <PublishingBanner initial={publishing} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {noFunnelsAtAll ? (
            <Card>
              {/* Not Polaris' EmptyState: without an illustration it fades a placeholder circle over the heading. */}
              <Box paddingBlockStart="600">
                <BlockStack gap="200" inlineAlign="center">
                  <Text as="h2" variant="headingLg" alignment="center">
                    Build your first funnel
                  </Text>
                  <Box maxWidth="34rem">
                    <Text as="p" tone="subdued" alignment="center">
                      One core product, one bump in checkout, one upsell after payment and one downsell. Start from a
                      proven stack and map it onto your products.
                    </Text>
                  </Box>
                </BlockStack>
              </Box>
              <TemplateGrid templates={templates} />
              <BlockStack inlineAlign="center">
                <Button variant="plain" url="/app/funnels/new">
                  Start blank
                </Button>
              </BlockStack>
            </Card>
          ) : (
            <Card padding="0">
              <Tabs
                tabs={tabs}
                selected={FILTERS.indexOf(filter)}
                onSelect={(index) => setSearchParams(index === 0 ? {} : { status: FILTERS[index] ?? "all" })}
              />
              <IndexTable
                resourceName={{ singular: "funnel", plural: "funnels" }}
                itemCount={funnels.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                promotedBulkActions={[
                  { content: "Activate", onAction: () => setStatus("active") },
                  { content: "Pause", onAction: () => setStatus("paused") },
                ]}
                bulkActions={[{ content: "Archive", onAction: () => setStatus("archived") }]}
                headings={[
                  { title: "Funnel" },
                  { title: "Status" },
                  { title: "Shown for" },
                  { title: "Offers" },
                  { title: "Take rate, last 30 days", alignment: "end" },
                  { title: "Revenue added, last 30 days", alignment: "end" },
                  { title: "Priority" },
                ]}
                emptyState={
                  <BlockStack inlineAlign="center" gap="200">
                    <Text as="p">No {filter} funnels.</Text>
                  </BlockStack>
                }
              >
                {funnels.map((funnel, index) => (
                  <IndexTable.Row id={funnel.id} key={funnel.id} position={index} selected={selectedResources.includes(funnel.id)}>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Link url={`/app/funnels/${funnel.id}`} removeUnderline dataPrimaryLink>
                          <Text as="span" fontWeight="semibold">
                            {funnel.name}
                          </Text>
                        </Link>
                        {[funnel.attention, funnel.soldOut].filter(Boolean).map((note) => (
                          <Text as="span" tone="caution" variant="bodySm" key={note}>
                            {note}
                          </Text>
                        ))}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={STATUS_BADGE[funnel.status].tone}>{STATUS_BADGE[funnel.status].label}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{funnel.trigger}</IndexTable.Cell>
                    <IndexTable.Cell>{funnel.offers.join(" · ") || "None"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {funnel.totals ? formatRate(funnel.totals.takeRate) : "—"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {funnel.totals ? formatMoney(funnel.totals.revenueAdded) : "—"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{funnel.priority}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {noFunnelsAtAll ? null : (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Start from a template
                </Text>
                <TemplateGrid templates={templates} />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}

function TemplateGrid({ templates }: { templates: { id: string; name: string; description: string }[] }) {
  return (
    <Box padding="400">
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
        {templates.map((template) => (
          <Card key={template.id}>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {template.name}
              </Text>
              <Text as="p" tone="subdued">
                {template.description}
              </Text>
              <Button url={`/app/funnels/new?template=${template.id}`}>{`Use ${template.name} template`}</Button>
            </BlockStack>
          </Card>
        ))}
      </InlineGrid>
    </Box>
  );
}
