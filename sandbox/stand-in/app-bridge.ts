/**
 * A stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js),
 * which browser tests and the sandbox cannot load. It provides what our pages
 * use of the `shopify` global and, like the real one, adds the session token
 * to the app's own fetches. Calls are recorded on window.__appBridgeCalls.
 *
 * - The session token: a fixed `sessionToken` (tests), or, in the sandbox,
 *   a fresh one from `tokenUrl` at each idToken() (signed by the sandbox with
 *   its own app secret, so the app's real authenticate.admin accepts it).
 * - With `catalogUrl` (the sandbox), the resource picker is a dialog listing
 *   the demo shop's products (JSON from that URL) when no queued answer waits.
 *
 * - The resource picker answers from a queue, window.__pickerAnswers (seeded
 *   with `pickerAnswers`): each call takes the next answer; `null` in the queue
 *   is the merchant cancelling. With the queue empty it answers
 *   `pickerSelection` (or cancels when there is none). Answers use App
 *   Bridge's shape, e.g. for `type: "product"` an array of products with
 *   `id`, `title`, `images: [{ originalSrc }]` and `variants: [{ id, title, price }]`.
 *   Tests can queue answers with `page.evaluate(() => window.__pickerAnswers.push(...))`.
 * - `<ui-save-bar>` is defined with the `show()` / `hide()` that
 *   `@shopify/app-bridge-react`'s SaveBar calls. Admin draws its contextual save
 *   bar outside the app's iframe and forwards clicks to the element's buttons;
 *   here, while open (`data-open`), the element itself is shown as a bar at the
 *   top of the page with those buttons, so a test clicks "Save" as a merchant would.
 * - `saveBar.leaveConfirmation()` waits, while a save bar is open, for
 *   `window.__confirmLeave()` (the merchant choosing to leave).
 */
export function appBridgeStandIn(options: {
  shop: string;
  sessionToken?: string;
  tokenUrl?: string;
  catalogUrl?: string;
  pickerSelection?: unknown;
  pickerAnswers?: unknown[];
}): string {
  return `(() => {
  const fixedToken = ${JSON.stringify(options.sessionToken ?? null)};
  const tokenUrl = ${JSON.stringify(options.tokenUrl ?? null)};
  const catalogUrl = ${JSON.stringify(options.catalogUrl ?? null)};
  const originalFetch = window.fetch.bind(window);
  const idToken = async () => {
    if (fixedToken || !tokenUrl) return fixedToken;
    const answer = await originalFetch(tokenUrl, { method: "POST" });
    return (await answer.json()).token;
  };
  const calls = (window.__appBridgeCalls = []);
  const record = (name) => (...args) => { calls.push([name, ...args]); return Promise.resolve(); };
  const fallbackSelection = ${JSON.stringify(options.pickerSelection ?? null)};
  window.__pickerAnswers = ${JSON.stringify(options.pickerAnswers ?? [])};
  const saveBar = (id) => document.getElementById(id);
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey, shop: ${JSON.stringify(options.shop)} },
    idToken,
    toast: { show: record("toast.show") },
    loading: record("loading"),
    saveBar: {
      show: async (id) => { calls.push(["saveBar.show", id]); await saveBar(id)?.show(); },
      hide: async (id) => { calls.push(["saveBar.hide", id]); await saveBar(id)?.hide(); },
      toggle: async (id) => { calls.push(["saveBar.toggle", id]); const bar = saveBar(id); await (bar?.hasAttribute("data-open") ? bar.hide() : bar?.show()); },
      // Like App Bridge: settles at once without unsaved changes; with the save bar open it waits for the
      // merchant, who confirms with window.__confirmLeave() (a merchant who stays never settles it).
      leaveConfirmation: () => {
        const open = document.querySelector("ui-save-bar[data-open]");
        calls.push(["saveBar.leaveConfirmation", Boolean(open)]);
        if (!open) return Promise.resolve();
        return new Promise((resolve) => { window.__confirmLeave = () => { open.hide(); resolve(); }; });
      },
    },
    resourcePicker: async (request) => {
      calls.push(["resourcePicker", request]);
      const queue = window.__pickerAnswers;
      if (Array.isArray(queue) && queue.length > 0) return queue.shift() ?? undefined;
      if (catalogUrl && fallbackSelection === null) return pickFromCatalog(request);
      return fallbackSelection ?? undefined;
    },
  };
  if (!customElements.get("ui-save-bar")) {
    customElements.define("ui-save-bar", class extends HTMLElement {
      show() {
        if (!this.hasAttribute("data-open")) { this.setAttribute("data-open", ""); this.dispatchEvent(new Event("show")); }
        return Promise.resolve();
      }
      hide() {
        if (this.hasAttribute("data-open")) { this.removeAttribute("data-open"); this.dispatchEvent(new Event("hide")); }
        return Promise.resolve();
      }
      toggle() { return this.hasAttribute("data-open") ? this.hide() : this.show(); }
      get showing() { return this.hasAttribute("data-open"); }
    });
  }
  const style = document.createElement("style");
  style.textContent = [
    // In admin, App Bridge moves the navigation into Shopify's sidebar.
    "ui-nav-menu { display: none; }",
    // Admin's contextual save bar, drawn over the top of the page while open.
    "ui-save-bar { display: none; }",
    "ui-save-bar[data-open] { display: flex; position: fixed; z-index: 1000; top: 0; left: 0; right: 0; height: 56px; box-sizing: border-box;",
    "  align-items: center; justify-content: flex-end; gap: 8px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3;",
    "  font: 600 14px/20px -apple-system, BlinkMacSystemFont, 'San Francisco', 'Segoe UI', Roboto, sans-serif; }",
    "ui-save-bar[data-open]::before { content: 'Unsaved changes'; margin-right: auto; }",
    "ui-save-bar button { font: inherit; font-size: 13px; padding: 6px 12px; border-radius: 8px; border: 0; background: #404040; color: #fff; cursor: pointer; }",
    "ui-save-bar button[variant='primary'] { background: #fff; color: #1a1a1a; }",
    "ui-save-bar button:disabled { opacity: 0.5; cursor: default; }",
    "body:has(ui-save-bar[data-open]) { padding-top: 56px; }",
  ].join("\\n");
  document.head.append(style);
  window.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, location.href);
    if (url.origin !== location.origin || (tokenUrl && url.href === new URL(tokenUrl, location.href).href)) return originalFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return originalFetch(input, { ...init, headers });
  };
  // The sandbox's resource picker: the demo shop's products in a dialog, answered in App Bridge's shapes.
  async function pickFromCatalog(request) {
    const catalog = await (await originalFetch(catalogUrl)).json();
    const type = request && request.type;
    const multiple = Boolean(request && request.multiple);
    const items = type === "collection" ? catalog.collections : catalog.products;
    const dialog = document.createElement("dialog");
    dialog.setAttribute("aria-label", "Select " + (type === "collection" ? "collections" : type === "variant" ? "variants" : "products"));
    dialog.style.cssText = "padding:20px;border:0;border-radius:12px;min-width:360px;font:14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif;box-shadow:0 8px 32px rgba(0,0,0,.3)";
    const heading = document.createElement("h2");
    heading.textContent = dialog.getAttribute("aria-label");
    heading.style.cssText = "margin:0 0 12px;font-size:16px";
    const list = document.createElement("fieldset");
    list.style.cssText = "border:0;padding:0;margin:0 0 16px;display:grid;gap:8px";
    const legend = document.createElement("legend");
    legend.textContent = items.length ? "Demo shop" : "The demo shop has none";
    list.append(legend);
    items.forEach((item, index) => {
      const label = document.createElement("label");
      label.style.cssText = "display:flex;gap:8px;align-items:center;cursor:pointer";
      const box = document.createElement("input");
      box.type = multiple ? "checkbox" : "radio";
      box.name = "sandbox-pick";
      box.value = String(index);
      label.append(box, document.createTextNode(item.title + (item.variants ? " — $" + item.variants[0].price : "")));
      list.append(label);
    });
    const buttons = document.createElement("div");
    buttons.style.cssText = "display:flex;gap:8px;justify-content:flex-end";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    const select = document.createElement("button");
    select.type = "button";
    select.textContent = "Select";
    buttons.append(cancel, select);
    dialog.append(heading, list, buttons);
    document.body.append(dialog);
    dialog.showModal();
    return new Promise((resolve) => {
      const close = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
      cancel.onclick = () => close(undefined);
      dialog.addEventListener("cancel", () => close(undefined));
      select.onclick = () => {
        const chosen = [...list.querySelectorAll("input:checked")].map((box) => items[Number(box.value)]);
        if (type === "variant") {
          close(chosen.map((p) => ({ ...p.variants[0], product: { id: p.id, title: p.title } })));
        } else {
          close(chosen);
        }
      };
    });
  }
})();`;
}
