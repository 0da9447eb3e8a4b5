import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Card, Page, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

// Every /app page sits behind this: no session token, no page and no data.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return { apiKey: process.env.SHOPIFY_API_KEY ?? "" };
};

export default function AppLayout() {
  const { apiKey } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        <Link to="/app/funnels">Funnels</Link>
        <Link to="/app/orders">Orders</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/data-requests">Customer data requests</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary turns the auth library's redirects and errors into the
// right embedded-app responses (App Bridge redirects, headers). It knows
// Remix's error responses by class name, which the production bundle
// minifies, so a plain 404 is drawn here.
export function ErrorBoundary() {
  const error = useRouteError();
  // The layout's loader ran (a child's threw): its API key lets the page sit in Polaris' provider, as every page does.
  const layout = useRouteLoaderData<typeof loader>("routes/app");
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <AppProvider isEmbeddedApp apiKey={layout?.apiKey ?? ""}>
        <Page title="Not found" backAction={{ content: "Dashboard", url: "/app" }}>
          <Card>
            <Text as="p">{typeof error.data === "string" ? error.data : "This page does not exist in this store."}</Text>
          </Card>
        </Page>
      </AppProvider>
    );
  }
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
