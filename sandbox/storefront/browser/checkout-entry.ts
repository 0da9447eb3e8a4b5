/**
 * The checkout page's script: the host first (the `shopify` global), then
 * the REAL checkout bump extension (its pay-button target) above the pay
 * button, and the order summary kept in step with the cart the host holds.
 */
import { type CheckoutSnapshot, boot, mountExtension, onSnapshot } from "./checkout-host";

const money = (cents: number) => new Intl.NumberFormat(boot.locale, { style: "currency", currency: boot.currency }).format(cents / 100);

function element(tag: string, text?: string, attributes: Record<string, string> = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function renderSummary(snapshot: CheckoutSnapshot) {
  const list = document.getElementById("summary-lines");
  if (!list) return;
  list.replaceChildren(
    ...snapshot.lines.map((line) => {
      const item = element("li", undefined, { "aria-label": `${line.merchandise.title} × ${line.quantity}` });
      item.append(element("span", `${line.merchandise.title} × ${line.quantity}`, { class: "line-title" }));
      const price = element("span", undefined, { class: "line-price" });
      if (line.total < line.regular) price.append(element("s", money(line.regular), { "aria-label": `Regular price ${money(line.regular)}` }), " ");
      price.append(element("strong", money(line.total), { "data-line-total": "" }));
      item.append(price);
      for (const discount of line.discounts) item.append(element("small", `${discount.title} (−${money(discount.amount)})`, { class: "line-discount" }));
      return item;
    }),
  );
  const subtotal = document.getElementById("summary-subtotal");
  const total = document.getElementById("summary-total");
  if (subtotal) subtotal.textContent = money(snapshot.subtotal);
  if (total) total.textContent = money(snapshot.total);
}

/** Called by the bundle with the extension's entry (bundles.ts imports it after the host). */
export function start(extension: () => void) {
  if (boot.snapshot) renderSummary(boot.snapshot);
  onSnapshot(renderSummary);
  const lock = document.getElementById("cart-locked");
  lock?.addEventListener("change", () => {
    void fetch(`${boot.base}/checkouts/${boot.checkoutToken}/lock`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ locked: (lock as HTMLInputElement).checked }),
    });
  });
  const slot = document.getElementById("bump-slot");
  if (slot) mountExtension(slot, extension);
}
