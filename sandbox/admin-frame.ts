/**
 * The sandbox's stand-in for Shopify admin: a page that embeds the app in an
 * iframe, as admin does, with the app's navigation (app/routes/app.tsx's
 * NavMenu, which App Bridge would hand to admin) beside it and a link to
 * the storefront and checkout preview. Every link into the app goes through
 * /sandbox/open, which adds what admin adds (shop, host, a fresh id_token).
 */

const NAVIGATION: { label: string; path: string }[] = [
  { label: "Dashboard", path: "/app" },
  { label: "Funnels", path: "/app/funnels" },
  { label: "Orders", path: "/app/orders" },
  { label: "Settings", path: "/app/settings" },
  { label: "Customer data requests", path: "/app/data-requests" },
];

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function adminFramePage(options: { shop: string; appPath: string }): string {
  const links = NAVIGATION.map(
    (item) => `<li><a href="/sandbox/open?path=${encodeURIComponent(item.path)}" target="app-iframe">${escape(item.label)}</a></li>`,
  ).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upstack sandbox · ${escape(options.shop)}</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; height: 100vh; display: grid; grid-template-rows: auto 1fr; grid-template-columns: 220px 1fr;
    font: 14px/20px -apple-system, BlinkMacSystemFont, "San Francisco", "Segoe UI", Roboto, sans-serif; background: #f1f1f1; color: #303030; }
  header { grid-column: 1 / 3; display: flex; align-items: center; gap: 16px; padding: 10px 16px; background: #1a1a1a; color: #e3e3e3; }
  header strong { color: #fff; }
  header .notice { margin-left: auto; font-size: 12px; color: #b5b5b5; }
  nav { padding: 12px 8px; border-right: 1px solid #e3e3e3; background: #ebebeb; }
  nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #616161; margin: 16px 8px 4px; }
  nav ul { list-style: none; margin: 0; padding: 0; }
  nav a { display: block; padding: 6px 8px; border-radius: 8px; color: #303030; text-decoration: none; }
  nav a:hover, nav a:focus-visible { background: #fafafa; }
  nav a.store { margin-top: 16px; background: #303030; color: #fff; text-align: center; }
  iframe { width: 100%; height: 100%; border: 0; background: #f1f1f1; }
</style>
</head>
<body>
<header>
  <strong>Upstack Demo</strong><span>${escape(options.shop)}</span>
  <span class="notice">Sandbox: a local stand-in for Shopify. No real store, payments, taxes or shipping.</span>
</header>
<nav aria-label="Shopify admin">
  <h2>Upstack</h2>
  <ul>${links}</ul>
  <a class="store" href="/store">Storefront &amp; checkout preview</a>
</nav>
<main>
  <iframe name="app-iframe" title="Upstack" src="${escape(options.appPath)}"></iframe>
</main>
</body>
</html>`;
}
