/**
 * A stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js),
 * which browser tests cannot load. It provides what our pages use of the
 * `shopify` global and, like the real one, adds the session token to the
 * app's own fetches. Calls are recorded on window.__appBridgeCalls.
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
  sessionToken: string;
  pickerSelection?: unknown;
  pickerAnswers?: unknown[];
}): string {
  return `(() => {
  const token = ${JSON.stringify(options.sessionToken)};
  const calls = (window.__appBridgeCalls = []);
  const record = (name) => (...args) => { calls.push([name, ...args]); return Promise.resolve(); };
  const fallbackSelection = ${JSON.stringify(options.pickerSelection ?? null)};
  window.__pickerAnswers = ${JSON.stringify(options.pickerAnswers ?? [])};
  const saveBar = (id) => document.getElementById(id);
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey, shop: ${JSON.stringify(options.shop)} },
    idToken: async () => token,
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
      const answer = Array.isArray(queue) && queue.length > 0 ? queue.shift() : fallbackSelection;
      return answer ?? undefined;
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
  const originalFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, location.href);
    if (url.origin !== location.origin) return originalFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
    return originalFetch(input, { ...init, headers });
  };
})();`;
}
