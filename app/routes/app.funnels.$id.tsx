import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
  useSearchParams,
} from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Modal, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { canUseCheckoutBump, funnelReach } from "@upstack/core";
import { useEffect, useState } from "react";
import { stateFromFunnel } from "../components/funnel-editor/editor-state";
import { FunnelEditor } from "../components/funnel-editor/FunnelEditor";
import { useSubmitJson } from "../hooks/useSubmitJson";
import { STATUS_BADGE } from "../components/funnel-status";
import { usePublishingBanner } from "../components/publishing-banner";
import { useLeaveConfirmedNavigate } from "../hooks/useLeaveConfirmedNavigate";
import { pageTitle } from "../page-title";
import { publishingState } from "../jobs/jobs.server";
import { findFunnel } from "../models/funnel.server";
import { setupGuideFor } from "../services/store-setup.server";
import { SetupGuide } from "../components/setup-guide";
import { handleEditorAction } from "../services/funnel-editor.server";
import { EXPERIMENT_INTENTS, handleExperimentAction } from "../services/experiment-actions.server";
import { experimentReports } from "../models/experiment-results.server";
import { ExperimentVerdicts } from "../components/experiment-verdicts";
import { ExperimentStartForm, type TestableOffer } from "../components/experiment-form";
import { readShopSummary } from "../services/shop.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const funnel = await findFunnel(session.shop, params.id ?? "");
  if (!funnel) throw new Response("This funnel does not exist.", { status: 404 });
  const [shop, publishing, setup, experiments] = await Promise.all([
    readShopSummary(admin),
    publishingState(session.shop),
    setupGuideFor(session.shop),
    experimentReports(session.shop, { funnelId: funnel.id }),
  ]);
  const testing = new Set(funnel.experiments?.map((experiment) => experiment.slot));
  const testable: TestableOffer[] = [
    funnel.bump ? { slot: "bump" as const, label: "Order bump", headline: funnel.bump.copy.title } : null,
    funnel.postPurchase.upsell ? { slot: "upsell" as const, label: "Upsell", headline: funnel.postPurchase.upsell.copy.headline } : null,
    funnel.postPurchase.downsell ? { slot: "downsell" as const, label: "Downsell", headline: funnel.postPurchase.downsell.copy.headline } : null,
  ].filter((offer): offer is TestableOffer => offer !== null && !testing.has(offer.slot));
  const reach = funnelReach(
    { status: funnel.status, hasBump: funnel.bump !== null, hasUpsell: funnel.postPurchase.upsell !== null },
    setup.surfaces,
  );
  return {
    setup,
    reach,
    funnel: { id: funnel.id, name: funnel.name, status: funnel.status, attention: funnel.attention, updatedAt: funnel.updatedAt },
    initial: stateFromFunnel(funnel),
    currency: shop.currencyCode,
    checkoutBumpAvailable: canUseCheckoutBump(shop.plan),
    publishing,
    experiments,
    testable,
  };
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.funnel.name ?? "Funnel not found") }];

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const body: unknown = await request.json().catch(() => null);
  const intent = (body as { intent?: unknown } | null)?.intent;
  if ((EXPERIMENT_INTENTS as readonly unknown[]).includes(intent)) {
    const outcome = await handleExperimentAction(admin, session.shop, params.id ?? "", body);
    return data({ experiment: outcome }, { status: outcome.ok ? 200 : outcome.status });
  }
  const result = await handleEditorAction(admin, session.shop, params.id ?? "", body);
  if (!result.ok) return data(result, { status: result.status });
  if (result.deleted) throw redirect("/app/funnels");
  return result;
};

export default function EditFunnel() {
  const { funnel, initial, currency, checkoutBumpAvailable, publishing, setup, reach, experiments, testable } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const result = answer && !("experiment" in answer) ? answer : undefined;
  const experimentOutcome = answer && "experiment" in answer ? answer.experiment : undefined;
  const submit = useSubmitJson();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [searchParams] = useSearchParams();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const saved = (result?.ok && !result.deleted) || searchParams.get("saved") === "1";
  const publishingBanner = usePublishingBanner({ initial: publishing, justSaved: saved });
  const leave = useLeaveConfirmedNavigate();

  useEffect(() => {
    if (experimentOutcome?.ok) shopify.toast.show(experimentOutcome.intent === "startExperiment" ? "Test started" : "Test ended");
  }, [experimentOutcome, shopify]);

  useEffect(() => {
    // Saved here, or just created: the new-funnel page redirects here with ?saved=1.
    const justSaved = result ? result.ok && !result.deleted : searchParams.get("saved") === "1";
    if (justSaved) shopify.toast.show("Funnel saved");
  }, [result, searchParams, shopify]);

  return (
    <Page
      backAction={{ content: "Funnels", onAction: () => void leave("/app/funnels") }}
      title={funnel.name}
      titleMetadata={<Badge tone={STATUS_BADGE[funnel.status].tone}>{STATUS_BADGE[funnel.status].label}</Badge>}
      secondaryActions={[{ content: "Delete funnel", destructive: true, onAction: () => setConfirmDelete(true) }]}
    >
      <TitleBar title={funnel.name} />
      <BlockStack gap="400">
        <FunnelEditor
          notices={[
            funnel.attention ? (
              <Banner tone="warning" title="Upstack paused this funnel">
                <p>{funnel.attention}</p>
              </Banner>
            ) : null,
            publishingBanner,
            reach.canShow ? null : (
              <Banner tone="info" title="This funnel cannot show anything yet">
                <BlockStack gap="100">
                  {reach.reasons.map((reason) => (
                    <p key={reason}>{reason}</p>
                  ))}
                </BlockStack>
              </Banner>
            ),
          ]}
          key={funnel.updatedAt}
          initial={initial}
          currency={currency}
          checkoutBumpAvailable={checkoutBumpAvailable}
          saving={navigation.state !== "idle"}
          serverErrors={result && !result.ok ? result.fieldErrors : {}}
          onSave={(payload) => submit({ intent: "save", funnel: payload })}
        />
        <ExperimentVerdicts
          reports={experiments}
          currency={currency}
          busy={navigation.state !== "idle"}
          onAction={(experimentAction) => submit(experimentAction)}
        />
        <ExperimentStartForm
          key={experiments.filter((report) => !report.endedAt).length}
          offers={testable}
          currency={currency}
          busy={navigation.state !== "idle"}
          errors={experimentOutcome && !experimentOutcome.ok ? experimentOutcome.errors : {}}
          onStart={(form) => submit({ intent: "startExperiment", experiment: form })}
        />
        <SetupGuide {...setup} />
      </BlockStack>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${funnel.name}”?`}
        primaryAction={{
          content: "Delete funnel",
          destructive: true,
          onAction: () => submit({ intent: "delete" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">Its offers stop showing in checkout and after payment. This can't be undone.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

// A funnel that is not this shop's (or no longer exists) is a 404 with a way
// back. Shopify's boundary.error only recognizes Remix's error responses by
// class name, which the production client bundle minifies, so it would leave
// the merchant on Remix's bare "404" page once the page hydrates.
export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) return boundary.error(error);
  return (
    <Page backAction={{ content: "Funnels", url: "/app/funnels" }} title="Funnel not found">
      <TitleBar title="Funnel not found" />
      <Card>
        <BlockStack gap="300" inlineAlign="start">
          <Text as="h2" variant="headingMd">
            This funnel does not exist.
          </Text>
          <Text as="p" tone="subdued">
            It may have been deleted, or the link is not for this store.
          </Text>
          <Button url="/app/funnels">Back to funnels</Button>
        </BlockStack>
      </Card>
    </Page>
  );
}
