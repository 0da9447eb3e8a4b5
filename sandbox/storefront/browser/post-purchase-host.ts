/**
 * Stands in for @shopify/post-purchase-ui-extensions-react in the preview's
 * browser bundle (the bundler aliases the package here): `extend` and
 * `render` register the extension's callbacks for post-purchase-entry.ts to
 * run, and each component the page uses renders plain accessible HTML.
 */
import { type ReactNode, createElement as h } from "react";

type Callback = (api: never) => unknown;
export const registered: Record<string, Callback> = {};

export function extend(extensionPoint: string, callback: Callback) {
  registered[extensionPoint] = callback;
}
export function render(extensionPoint: string, callback: Callback) {
  registered[extensionPoint] = callback;
}

type Children = { children?: ReactNode };
const gap = (spacing?: string) => (spacing === "loose" ? "16px" : spacing === "tight" ? "6px" : "10px");

export const BlockStack = ({ children, spacing }: Children & { spacing?: string }) =>
  h("div", { style: { display: "flex", flexDirection: "column", gap: gap(spacing) } }, children);
export const InlineStack = ({ children, spacing }: Children & { spacing?: string }) =>
  h("div", { style: { display: "flex", alignItems: "center", gap: gap(spacing) } }, children);
export const View = ({ children }: Children) => h("div", null, children);
export const Layout = ({ children }: Children) => h("div", { style: { display: "flex", flexDirection: "column", gap: "16px", maxWidth: "640px" } }, children);
export const Tiles = ({ children }: Children) => h("div", { style: { display: "flex", justifyContent: "space-between" } }, children);
export const TextContainer = ({ children }: Children) => h("div", null, children);
export const Separator = () => h("hr", { style: { border: 0, borderTop: "1px solid #ddd", width: "100%" } });
export const Heading = ({ children }: Children) => h("h2", { style: { margin: 0 } }, children);
export const TextBlock = ({ children, subdued, emphasized }: Children & { subdued?: boolean; emphasized?: boolean }) =>
  h("p", { style: { margin: 0, color: subdued ? "#616161" : undefined, fontWeight: emphasized ? 600 : undefined } }, children);
export const Text = ({ children, subdued, emphasized, size, role }: Children & { subdued?: boolean; emphasized?: boolean; size?: string; role?: string }) =>
  h(role === "deletion" ? "del" : emphasized ? "strong" : "span", { style: { color: subdued ? "#616161" : undefined, fontSize: size === "large" ? "1.4em" : undefined } }, children);
export const Image = ({ source, description }: { source: string; description?: string }) =>
  h("img", { src: source, alt: description ?? "", style: { maxWidth: "160px", borderRadius: "8px" } });
export const Spinner = ({ children }: Children & { size?: string }) => h("p", { role: "status" }, children ?? "Loading…");
export const Banner = ({ children, status, title }: Children & { status?: string; title?: string }) =>
  h("div", { role: status === "critical" ? "alert" : "status", style: { padding: "10px", borderRadius: "6px", background: status === "critical" ? "#fde8e8" : "#eaf4fd" } }, title ? h("strong", null, title, " ") : null, children);
export const CalloutBanner = ({ children, title }: Children & { title?: string }) =>
  h("section", { "aria-label": title ?? "Offer", style: { padding: "16px", borderRadius: "8px", background: "#f1f7fe" } }, title ? h("h1", { style: { margin: "0 0 6px", fontSize: "22px" } }, title) : null, h("p", { style: { margin: 0 } }, children));
export const Button = ({
  children,
  onPress,
  submit,
  subdued,
  disabled,
  loading,
  loadingLabel,
}: Children & { onPress?: () => void; submit?: boolean; subdued?: boolean; disabled?: boolean; loading?: boolean; loadingLabel?: string }) =>
  h(
    "button",
    {
      type: "button",
      onClick: onPress,
      disabled: Boolean(disabled || loading),
      "aria-busy": Boolean(loading),
      style: {
        padding: "12px 18px",
        borderRadius: "6px",
        font: "inherit",
        border: subdued ? "1px solid #bbb" : 0,
        background: submit ? "#1773b0" : subdued ? "#fff" : "#333",
        color: submit || !subdued ? "#fff" : "#1a1a1a",
      },
    },
    loading && loadingLabel ? loadingLabel : children,
  );
