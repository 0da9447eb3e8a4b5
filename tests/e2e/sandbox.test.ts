import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSandbox } from "../../sandbox/bundle.mjs";
import { SCREENSHOTS } from "../support/admin-browser-session";
import { browserTestPlan, browserUserAgent, CHROMIUM_ARGS } from "../support/browser-plan";
import { type SandboxProcess, startSandboxProcess } from "../support/sandbox-process";

// `npm run sandbox` on a fresh database: it migrates, installs the demo shop
// through the app's real token exchange, and its one URL opens the embedded
// admin as the demo shop, with no Shopify login. And none of it is in the
// production build.

const root = path.resolve(import.meta.dirname, "..", "..");
let sandbox: SandboxProcess | undefined;
let url = "";
let browser: Browser;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  url = sandbox.url;
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("npm run sandbox", () => {
  it("prints one URL, after migrating a fresh database", () => {
    expect(sandbox?.output()).toContain("migrating the sandbox database");
    expect(sandbox?.output().match(/https?:\/\/\S+/g)).toEqual([url]);
  });

  it("opens the embedded admin as the demo shop, without a Shopify login, and navigates with fresh session tokens", async () => {
    const page = await browser.newPage({ userAgent: browserUserAgent(browser.version()), viewport: { width: 1280, height: 900 } });
    // Shopify's CDN is out of reach, as on a closed network: the app must not need it.
    await page.route((target) => target.hostname.endsWith("shopify.com"), (route) => route.abort());
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);

    const app = page.frameLocator('iframe[title="Upstack"]');
    await expect.poll(() => app.getByRole("heading", { name: "Upstack Demo", level: 1 }).count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "sandbox-admin.png") });

    // A link inside the app: Remix fetches the page's data with App Bridge's session token.
    await app.getByRole("link", { name: "0" }).click();
    await expect.poll(() => app.getByText("No customer data requests").count(), { timeout: 20_000 }).toBe(1);

    // The admin's own navigation, beside the app.
    await page.getByRole("navigation", { name: "Shopify admin" }).getByRole("link", { name: "Funnels" }).click();
    await expect.poll(() => app.getByRole("heading", { name: "Funnels", exact: true }).count(), { timeout: 20_000 }).toBe(1);
    // Every page of the app's own menu is reachable from the admin's navigation.
    for (const name of ["Orders", "Settings"]) {
      await page.getByRole("navigation", { name: "Shopify admin" }).getByRole("link", { name }).click();
      await expect.poll(() => app.getByRole("heading", { name, exact: true }).count(), { timeout: 20_000 }).toBe(1);
    }
    expect(await page.getByRole("link", { name: "Storefront & checkout preview" }).getAttribute("href")).toBe("/store");
    await page.close();
  }, 60_000);
});

// The merchant building and publishing a funnel, and buyers going through the store: tests/e2e/sandbox-journey.test.ts.

describe("the production build", () => {
  // Strings only the sandbox has: its routes, its resource picker, its process marker and the stand-in's interceptor.
  const MARKERS = ["/sandbox/session-token", "/sandbox/app-bridge.js", "pickFromCatalog", "UPSTACK_SANDBOX", 'from "msw'];

  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(path.join(dir, entry.name)) : /\.(m?js|html)$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
    );

  it("carries none of the sandbox's shortcuts, which the sandbox's own bundle does carry", async () => {
    const bundle = path.join(mkdtempSync(path.join(tmpdir(), "upstack-sandbox-bundle-")), "sandbox.mjs");
    await bundleSandbox(root, bundle);
    const sandboxCode = readFileSync(bundle, "utf8");
    for (const marker of MARKERS) expect(sandboxCode, marker).toContain(marker);
    rmSync(path.dirname(bundle), { recursive: true, force: true });

    const built = files(path.join(root, "build"));
    expect(built.some((file) => file.endsWith(path.join("server", "index.js")))).toBe(true);
    const found = built.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return MARKERS.filter((marker) => text.includes(marker)).map((marker) => `${path.relative(root, file)}: ${marker}`);
    });
    expect(found).toEqual([]);
  });
});
