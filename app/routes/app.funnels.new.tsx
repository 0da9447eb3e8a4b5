import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Page } from "@shopify/polaris";
import { FUNNEL_TEMPLATES } from "@upstack/core";
import { blankState, stateFromTemplate } from "../components/funnel-editor/editor-state";
import { FunnelEditor } from "../components/funnel-editor/FunnelEditor";
import { useSubmitJson } from "../hooks/useSubmitJson";
import { handleEditorAction } from "../services/funnel-editor.server";
import { readShopSummary } from "../services/shop.server";
import { authenticate } from "../shopify.server";

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
  const { initial, template, currency, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmitJson();
  const navigation = useNavigation();
  return (
    <Page
      backAction={{ content: "Funnels", url: "/app/funnels" }}
      title={template ? `New funnel from “${template.name}”` : "New funnel"}
      subtitle={template?.description}
    >
      <TitleBar title="New funnel" />
      <FunnelEditor
        initial={initial}
        idempotencyKey={idempotencyKey}
        currency={currency}
        saving={navigation.state !== "idle"}
        serverErrors={result && !result.ok ? result.fieldErrors : {}}
        onSave={(funnel) => submit({ intent: "save", funnel })}
      />
    </Page>
  );
}
