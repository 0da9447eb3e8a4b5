import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SUGGESTED_HOLDOUT_PERCENT, parseHoldoutPercent } from "@upstack/core";
import { requestPublish } from "../jobs/jobs.server";
import { readHoldout, saveHoldoutPercent } from "../models/shop-settings.server";
import { authenticate } from "../shopify.server";
import { pageTitle } from "../page-title";

export const meta: MetaFunction = () => [{ title: pageTitle("Settings") }];

// Settings: the holdout share. Saving it publishes again, so the checkout card follows it.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const holdout = await readHoldout(session.shop);
  return { holdout: { percent: holdout.percent, since: holdout.since?.toISOString() ?? null } };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const parsed = parseHoldoutPercent(form.get("holdoutPercent"));
  if (!parsed.ok) return data({ errors: { holdoutPercent: parsed.error } as Record<string, string>, saved: null }, { status: 422 });
  const before = await readHoldout(session.shop);
  const saved = await saveHoldoutPercent(session.shop, parsed.percent);
  // The checkout card reads the share from the published settings; the servers read it here.
  if (before.percent !== saved.percent) await requestPublish(session.shop);
  return { errors: {} as Record<string, string>, saved: { percent: saved.percent, since: saved.since?.toISOString() ?? null } };
};

const dateOf = (iso: string) => new Date(iso).toLocaleDateString("en", { year: "numeric", month: "long", day: "numeric" });

export default function Settings() {
  const { holdout } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const [value, setValue] = useState(String(holdout.percent));
  const error = fetcher.data?.errors.holdoutPercent;
  const current = fetcher.data?.saved ?? holdout;
  const save = () => {
    const form = new FormData();
    form.set("holdoutPercent", value);
    fetcher.submit(form, { method: "post" });
  };
  return (
    <Page title="Settings" backAction={{ content: "Dashboard", url: "/app" }}>
      <Layout>
        <Layout.AnnotatedSection
          id="holdout"
          title="Holdout"
          description="How Upstack proves what it adds to your average order value."
        >
          <Card>
            <BlockStack gap="400">
              <Text as="p">
                A holdout is a share of purchases that Upstack deliberately shows no offers to: no bump in checkout, no offer
                after payment. Comparing their average order value with everyone else&apos;s shows what your offers really add,
                rather than what those buyers would have spent anyway.
              </Text>
              <Text as="p">
                Each purchase is placed in or out of the holdout by its checkout, the same way on every page, so a buyer never
                sees a bump in checkout and then nothing after payment. The cart offer is not part of the holdout: it shows to
                both groups alike, so the comparison measures the checkout bump and the offers after payment.
              </Text>
              <Text as="p">
                We suggest {SUGGESTED_HOLDOUT_PERCENT}%: enough purchases to measure within a few weeks, while {100 - SUGGESTED_HOLDOUT_PERCENT}% still see
                your offers. 0% turns the holdout off.
              </Text>
              <fetcher.Form
                method="post"
                onSubmit={(event) => {
                  event.preventDefault();
                  save();
                }}
              >
                <BlockStack gap="300">
                  <TextField
                    label="Share of purchases held out"
                    name="holdoutPercent"
                    value={value}
                    onChange={setValue}
                    suffix="%"
                    inputMode="decimal"
                    autoComplete="off"
                    error={error}
                    helpText={`From 0 to 100, up to 2 decimals. Suggested: ${SUGGESTED_HOLDOUT_PERCENT}%.`}
                  />
                  <div>
                    <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                      Save
                    </Button>
                  </div>
                </BlockStack>
              </fetcher.Form>
              {fetcher.data?.saved ? (
                <Banner tone="success">
                  <p>Saved. The checkout follows the new share within a minute, once it is published.</p>
                </Banner>
              ) : null}
              <Text as="p" tone="subdued">
                {current.percent > 0 && current.since
                  ? `${current.percent}% of purchases are held out since ${dateOf(current.since)}. The lift on the dashboard counts orders since then.`
                  : "No purchases are held out."}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
