/**
 * A stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js),
 * which browser tests cannot load. It provides what our pages use of the
 * `shopify` global and, like the real one, adds the session token to the
 * app's own fetches. Calls are recorded on window.__appBridgeCalls.
 */
export function appBridgeStandIn(options: { shop: string; sessionToken: string; pickerSelection?: unknown }): string {
  return `(() => {
  const token = ${JSON.stringify(options.sessionToken)};
  const calls = (window.__appBridgeCalls = []);
  const record = (name) => (...args) => { calls.push([name, ...args]); return Promise.resolve(); };
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey, shop: ${JSON.stringify(options.shop)} },
    idToken: async () => token,
    toast: { show: record("toast.show") },
    loading: record("loading"),
    saveBar: { show: record("saveBar.show"), hide: record("saveBar.hide"), toggle: record("saveBar.toggle") },
    resourcePicker: async (request) => { calls.push(["resourcePicker", request]); return ${JSON.stringify(options.pickerSelection ?? null)} ?? undefined; },
  };
  // In admin, App Bridge moves the navigation into Shopify's sidebar.
  const style = document.createElement("style");
  style.textContent = "ui-nav-menu { display: none; }";
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
