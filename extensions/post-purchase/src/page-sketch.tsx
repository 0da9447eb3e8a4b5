/**
 * Test-only (nothing index.tsx imports uses this file): the post-purchase
 * page in a given state, drawn as plain HTML so the browser tests can look
 * at it and keep screenshots. Shopify renders the real components on its own
 * host; here each one becomes the nearest HTML element (a Button a <button>,
 * a CalloutBanner an <aside>), with Shopify's props as data attributes, so
 * what a buyer could press or read is what the browser sees.
 */
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import TestRenderer, { type ReactTestRendererJSON, act } from "react-test-renderer";
import { vi } from "vitest";
import { PostPurchasePage } from "./PostPurchasePage";
import { DOWNSELL, TOTALS, UPSELL, appServer, calculated, never, renderApi, storedOf } from "./test-support";

export const PAGE_STATES = ["totals-loading", "totals-failed", "accept-enabled"] as const;
export type PageState = (typeof PAGE_STATES)[number];

const CALCULATE: Record<PageState, PostPurchaseRenderApi["calculateChangeset"]> = {
  "totals-loading": () => never(),
  "totals-failed": async () => ({ status: "unprocessed", errors: [{ code: "insufficient_inventory", message: "Sold out" }] }),
  "accept-enabled": async () => calculated(UPSELL.variantId, TOTALS),
};

const TAGS: Record<string, string> = {
  BlockStack: "div",
  InlineStack: "div",
  Layout: "div",
  View: "div",
  Tiles: "div",
  TextContainer: "div",
  TextBlock: "p",
  Text: "span",
  Heading: "h2",
  CalloutBanner: "aside",
  Banner: "div",
  Button: "button",
  Separator: "hr",
  Spinner: "span",
  Image: "img",
};

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

function toHtml(node: ReactTestRendererJSON | string | null): string {
  if (node === null) return "";
  if (typeof node === "string") return escape(node);
  const tag = TAGS[node.type] ?? "div";
  const props = node.props as Record<string, unknown>;
  const attributes = [`data-component="${node.type}"`];
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === "string" || typeof value === "number" || value === true) attributes.push(`data-${name.toLowerCase()}="${escape(String(value))}"`);
  }
  if (tag === "button" && (props.disabled || props.loading)) attributes.push("disabled");
  if (tag === "img") attributes.push(`alt="${escape(String(props.description ?? ""))}"`);
  if (node.type === "Text" && props.role === "deletion") return `<del ${attributes.join(" ")}>${(node.children ?? []).map(toHtml).join("")}</del>`;
  if (node.type === "Spinner") attributes.push('role="status"');
  const title = node.type === "CalloutBanner" && props.title ? `<h1>${escape(String(props.title))}</h1>` : "";
  if (tag === "img" || tag === "hr") return `<${tag} ${attributes.join(" ")}>`;
  return `<${tag} ${attributes.join(" ")}>${title}${(node.children ?? []).map(toHtml).join("")}</${tag}>`;
}

const STYLE = `
  body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; margin: 24px; max-width: 720px; }
  aside { background: #f1f6fe; border: 1px solid #c9dcf9; border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; }
  aside h1 { font-size: 18px; margin: 0 0 4px; }
  [data-component="Layout"] { display: grid; grid-template-columns: 160px 24px 1fr; }
  img { width: 160px; height: 160px; background: #e3e3e3; }
  [data-component="Tiles"] { display: flex; justify-content: space-between; }
  [data-component="Tiles"] p { margin: 2px 0; }
  [data-size="large"] { font-size: 22px; font-weight: 600; }
  del { color: #616161; }
  [data-subdued] { color: #616161; }
  button { display: block; width: 100%; margin: 8px 0; padding: 12px; border-radius: 8px; border: 1px solid #1a1a1a; background: #1a1a1a; color: #fff; font: inherit; }
  button[data-subdued] { background: #fff; color: #1a1a1a; border-color: #8a8a8a; }
  button[disabled] { opacity: 0.45; }
`;

/** The page's HTML in one state, after Shopify and the app server answered what they will. */
export async function postPurchasePageHtml(state: PageState): Promise<string> {
  vi.stubGlobal("fetch", appServer().fetch);
  try {
    const api = renderApi(storedOf(UPSELL, DOWNSELL), { calculateChangeset: vi.fn(CALCULATE[state]) });
    let renderer: TestRenderer.ReactTestRenderer | undefined;
    await act(async () => {
      renderer = TestRenderer.create(<PostPurchasePage api={api} />);
    });
    await act(async () => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    const tree = renderer!.toJSON();
    const body = (Array.isArray(tree) ? tree : [tree]).map(toHtml).join("");
    act(() => renderer!.unmount());
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post-purchase page: ${state}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  } finally {
    vi.unstubAllGlobals();
  }
}
