/**
 * The checkout's `shopify` global for the preview's Preact extensions (the
 * checkout bump, the thank-you offer), built from what the server put in the
 * page (#host-boot) and kept live: every value is a Preact signal, so the
 * extension re-renders when the cart changes, as at checkout. Cart changes go
 * to the preview server, which applies them to the cart the way Shopify does
 * and re-runs the discount Function; the answer updates the signals.
 *
 * Imported before the extension (its `@shopify/ui-extensions/preact` reads
 * the global when it loads).
 */
import { signal } from "@preact/signals";
import { defineElements } from "./elements";

export type CheckoutLine = {
  id: string;
  quantity: number;
  merchandise: { type: "variant"; id: string; title: string; product: { id: string }; image?: { url: string } | null };
  attributes: { key: string; value: string }[];
  regular: number;
  total: number;
  discounts: { title: string; amount: number }[];
};

/** What the preview server sends: the cart as the checkout sees it, minor units. */
export type CheckoutSnapshot = { lines: CheckoutLine[]; subtotal: number; total: number; canAddCartLine: boolean; canRemoveCartLine: boolean };

export type HostBoot = {
  base: string;
  /** The extension target the page stands in for. */
  target: string;
  currency: string;
  locale: string;
  messages: Record<string, string | Record<string, string>>;
  appMetafields: unknown[];
  checkoutToken?: string;
  snapshot?: CheckoutSnapshot;
  orderId?: string;
  orderName?: string;
};

export const boot: HostBoot = JSON.parse(document.getElementById("host-boot")?.textContent ?? "{}");
defineElements();

const decimal = (cents: number) => cents / 100;
const hostLines = (snapshot: CheckoutSnapshot) =>
  snapshot.lines.map((line) => ({
    id: line.id,
    quantity: line.quantity,
    merchandise: { ...line.merchandise, selectedOptions: [], requiresShipping: false, subtitle: null, sellingPlan: null, image: line.merchandise.image ?? null },
    cost: { totalAmount: { amount: decimal(line.total), currencyCode: boot.currency } },
    attributes: line.attributes,
    discountAllocations: line.discounts.map((d) => ({ type: "automatic", title: d.title, discountedAmount: { amount: decimal(d.amount), currencyCode: boot.currency } })),
    lineComponents: [],
  }));

const snapshot = signal<CheckoutSnapshot | undefined>(boot.snapshot);
const listeners: ((value: CheckoutSnapshot) => void)[] = [];
export const onSnapshot = (listener: (value: CheckoutSnapshot) => void) => listeners.push(listener);

function show(next: CheckoutSnapshot) {
  snapshot.value = next;
  lines.value = hostLines(next);
  subtotal.value = { amount: decimal(next.subtotal), currencyCode: boot.currency };
  total.value = { amount: decimal(next.total), currencyCode: boot.currency };
  instructions.value = { ...instructions.value, lines: { canAddCartLine: next.canAddCartLine, canRemoveCartLine: next.canRemoveCartLine, canUpdateCartLine: next.canRemoveCartLine } };
  for (const listener of listeners) listener(next);
}

const lines = signal(boot.snapshot ? hostLines(boot.snapshot) : []);
const subtotal = signal({ amount: decimal(boot.snapshot?.subtotal ?? 0), currencyCode: boot.currency });
const total = signal({ amount: decimal(boot.snapshot?.total ?? 0), currencyCode: boot.currency });
const instructions = signal({
  lines: { canAddCartLine: boot.snapshot?.canAddCartLine ?? false, canRemoveCartLine: boot.snapshot?.canRemoveCartLine ?? false, canUpdateCartLine: false },
  attributes: { canUpdateAttributes: true },
  discounts: { canUpdateDiscountCodes: true },
});
const stored = new Map<string, unknown>();

function translate(key: string, options: Record<string, string | number> = {}) {
  const entry = boot.messages[key];
  const count = options.count;
  const text = typeof entry === "object" ? entry[count === 1 ? "one" : "other"] : entry;
  if (typeof text !== "string") return key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? ""));
}

async function applyCartLinesChange(change: unknown) {
  try {
    const response = await fetch(`${boot.base}/checkouts/${boot.checkoutToken}/lines`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(change),
    });
    const answer = (await response.json()) as { type: "success"; snapshot: CheckoutSnapshot } | { type: "error"; message: string };
    if (answer.type === "success") {
      show(answer.snapshot);
      return { type: "success" as const };
    }
    return { type: "error" as const, message: answer.message };
  } catch (error) {
    return { type: "error" as const, message: String(error) };
  }
}

const shopify = {
  extension: { target: boot.target, rendered: signal(true), apiVersion: "2026-07", capabilities: signal(["network_access"]) },
  setSignals: () => {},
  appMetafields: signal(boot.appMetafields),
  lines,
  cost: { subtotalAmount: subtotal, totalAmount: total },
  localization: { currency: signal({ isoCode: boot.currency }), language: signal({ isoCode: boot.locale }) },
  i18n: {
    translate,
    formatCurrency: (value: number, options: Intl.NumberFormatOptions = {}) =>
      new Intl.NumberFormat(boot.locale, { style: "currency", currency: boot.currency, ...options }).format(value),
    formatNumber: (value: number) => new Intl.NumberFormat(boot.locale).format(value),
  },
  instructions,
  checkoutToken: signal(boot.checkoutToken ?? null),
  attributes: signal([]),
  settings: signal({}),
  buyerJourney: { intercept: () => () => {}, completed: signal(false), activeStep: signal({ handle: "information" }) },
  sessionToken: {
    get: async () => ((await (await fetch(`${boot.base}/session-token`)).json()) as { token: string }).token,
  },
  storage: {
    read: async (key: string) => stored.get(key) ?? null,
    write: async (key: string, value: unknown) => void stored.set(key, value),
    delete: async (key: string) => void stored.delete(key),
  },
  applyCartLinesChange,
  orderConfirmation: signal(boot.orderId ? { order: { id: boot.orderId }, number: boot.orderName ?? "", isFirstOrder: true } : null),
};

(globalThis as unknown as { shopify: typeof shopify }).shopify = shopify;

/**
 * Runs an extension's entry, which renders into `document.body` (its own
 * page in Shopify's sandbox), into `container` instead: Preact keeps the
 * container it was first given for every later render.
 */
export function mountExtension(container: HTMLElement, entry: () => void) {
  Object.defineProperty(document, "body", { configurable: true, get: () => container });
  try {
    entry();
  } finally {
    delete (document as unknown as { body?: HTMLElement }).body;
  }
}
