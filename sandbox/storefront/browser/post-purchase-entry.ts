/**
 * The post-purchase page's script: once the REAL post-purchase extension
 * loaded (its index registers ShouldRender and Render with the host module),
 * does what Shopify does after payment: ShouldRender with the signed input
 * data, and if it says so the page, whose calculateChangeset and
 * applyChangeset go to the preview server (the stand-in applies a changeset
 * only when its JWT verifies) and whose done() goes on to the thank-you page.
 * If ShouldRender fails or says no, straight to the thank-you page.
 */
import type { ReactElement } from "react";
import { createRoot } from "react-dom/client";
import { registered } from "./post-purchase-host";

type Boot = { base: string; orderId: string; thankYouUrl: string; appOrigin: string; serverDown: boolean; inputData: Record<string, unknown> };
const boot: Boot = JSON.parse(document.getElementById("host-boot")?.textContent ?? "{}");
const status = document.getElementById("post-purchase-status");
const thankYou = () => location.assign(boot.thankYouUrl);

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${boot.base}/orders/${encodeURIComponent(boot.orderId)}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return response.json();
};

/** Called by the bundle once the extension's index has registered its callbacks (bundles.ts). */
export async function start() {
  let initialData: unknown;
  const storage = {
    get initialData() {
      return initialData;
    },
    update: async (data: unknown) => {
      initialData = data;
    },
  };
  const realFetch = window.fetch;
  if (boot.serverDown) {
    // The switch: the app server does not answer during ShouldRender.
    window.fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).startsWith(boot.appOrigin) ? Promise.reject(new TypeError("Failed to fetch")) : realFetch(input, init);
  }
  let shouldRender = false;
  try {
    const answer = (await registered["Checkout::PostPurchase::ShouldRender"]?.({
      extensionPoint: "Checkout::PostPurchase::ShouldRender",
      inputData: { ...boot.inputData, extensionPoint: "Checkout::PostPurchase::ShouldRender" },
      storage,
    } as never)) as { render?: boolean } | undefined;
    shouldRender = answer?.render === true;
  } catch {
    shouldRender = false;
  }
  window.fetch = realFetch;
  if (!shouldRender) return thankYou();

  const api = {
    extensionPoint: "Checkout::PostPurchase::Render",
    version: "unstable",
    locale: boot.inputData.locale,
    inputData: { ...boot.inputData, extensionPoint: "Checkout::PostPurchase::Render" },
    storage: { initialData, update: storage.update },
    calculateChangeset: (changeset: unknown) => post("calculate", changeset),
    applyChangeset: (token: string) => post("apply", { token }),
    done: async () => thankYou(),
  };
  const page = registered["Checkout::PostPurchase::Render"]?.(api as never) as ReactElement | undefined;
  const container = document.getElementById("post-purchase-slot");
  if (!page || !container) return thankYou();
  status?.remove();
  createRoot(container).render(page);
}
