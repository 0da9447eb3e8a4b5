import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Page } from "@shopify/polaris";
import { FUNNEL_TEMPLATES, canUseCheckoutBump } from "@upstack/core";
import { blankState, stateFromTemplate } from "../components/funnel-editor/editor-state";
import { FunnelEditor } from "../components/funnel-editor/FunnelEditor";
import { useLeaveConfirmedNavigate } from "../hooks/useLeaveConfirmedNavigate";
import { useSubmitJson } from "../hooks/useSubmitJson";
import { handleEditorAction } from "../services/funnel-editor.server";
import { readShopSummary } from "../services/shop.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("New funnel") }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticate.admin(request);
  const templateId = new URL(request.url).searchParams.get("template");
  const template = FUNNEL_TEMPLATES.find((t) => t.id === templateId) ?? null;
  const shop = await readShopSummary(admin);
  return {
    initial: template ? stateFromTemplate(template) : blankState(),
    // The editor posts it with every save: a create that arrives twice makes one funnel.
    idempotencyKey: crypto.randomUUID(),
    template: template ? { name: template.name, description: template.description } : null,
    currency: shop.currencyCode,
    checkoutBumpAvailable: canUseCheckoutBump(shop.plan),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const result = await handleEditorAction(admin, session.shop, null, await request.json().catch(() => null));
  if (!result.ok) return data(result, { status: result.status });
  if (result.deleted) throw redirect("/app/funnels");
  throw redirect(`/app/funnels/${result.funnelId}?saved=1`);
};

export default function NewFunnel() {
  const { initial, template, currency, checkoutBumpAvailable, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmitJson();
  const navigation = useNavigation();
  const leave = useLeaveConfirmedNavigate();
  return (
    <Page
      backAction={{ content: "Funnels", onAction: () => void leave("/app/funnels") }}
      title={template ? `New funnel from “${template.name}”` : "New funnel"}
      subtitle={template?.description}
    >
      <TitleBar title="New funnel" />
      <FunnelEditor
        initial={initial}
        idempotencyKey={idempotencyKey}
        currency={currency}
        checkoutBumpAvailable={checkoutBumpAvailable}
        saving={navigation.state !== "idle"}
        serverErrors={result && !result.ok ? result.fieldErrors : {}}
        onSave={(funnel) => submit({ intent: "save", funnel })}
      />
    </Page>
  );
}
