import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSandbox } from "../../sandbox/bundle.mjs";
import { SCREENSHOTS } from "../support/admin-browser-session";
import { browserTestPlan, browserUserAgent, CHROMIUM_ARGS } from "../support/browser-plan";

// `npm run sandbox` on a fresh database: it migrates, installs the demo shop
// through the app's real token exchange, and its one URL opens the embedded
// admin as the demo shop, with no Shopify login. And none of it is in the
// production build.

const root = path.resolve(import.meta.dirname, "..", "..");
let sandbox: ChildProcess | undefined;
let url = "";
let output = "";
let dataDir = "";
let browser: Browser;

function startSandbox(): Promise<string> {
  dataDir = mkdtempSync(path.join(tmpdir(), "upstack-sandbox-"));
  // The test run's app credentials, database and NODE_ENV are not the sandbox's (it would refuse them).
  const inherited = Object.entries(process.env).filter(
    ([name]) => !["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES", "DATABASE_URL", "NODE_ENV"].includes(name),
  );
  const env: Record<string, string | undefined> = { ...Object.fromEntries(inherited), SANDBOX_DATA_DIR: dataDir, SANDBOX_PORT: "0" };
  const child = spawn(process.execPath, [path.join(root, "scripts", "sandbox.mjs")], {
    cwd: root,
    env: env as NodeJS.ProcessEnv, // no NODE_ENV: the sandbox is not production
    stdio: ["ignore", "pipe", "pipe"],
  });
  sandbox = child;
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const printed = /Upstack sandbox: (http:\/\/\S+)/.exec(output)?.[1];
      if (printed) resolve(printed);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code: number | null) => reject(new Error(`npm run sandbox exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  url = await startSandbox();
  browser = await chromium.launch({ executablePath: browserTestPlan().executablePath, args: CHROMIUM_ARGS });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (sandbox?.pid && sandbox.exitCode === null) {
    const exited = new Promise((resolve) => sandbox?.once("exit", resolve));
    sandbox.kill("SIGTERM");
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run sandbox", () => {
  it("prints one URL, after migrating a fresh database", () => {
    expect(output).toContain("migrating the sandbox database");
    expect(output.match(/https?:\/\/\S+/g)).toEqual([url]);
  });

  it("opens the embedded admin as the demo shop, without a Shopify login, and navigates with fresh session tokens", async () => {
    const page = await browser.newPage({ userAgent: browserUserAgent(browser.version()), viewport: { width: 1280, height: 900 } });
    // Shopify's CDN is out of reach, as on a closed network: the app must not need it.
    await page.route((target) => target.hostname.endsWith("shopify.com"), (route) => route.abort());
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);

    const app = page.frameLocator('iframe[title="Upstack"]');
    await expect.poll(() => app.getByRole("heading", { name: "Welcome, Upstack Demo" }).count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "sandbox-admin.png") });

    // A link inside the app: Remix fetches the page's data with App Bridge's session token.
    await app.getByRole("link", { name: "0" }).click();
    await expect.poll(() => app.getByText("No customer data requests").count(), { timeout: 20_000 }).toBe(1);

    // The admin's own navigation, beside the app.
    await page.getByRole("navigation", { name: "Shopify admin" }).getByRole("link", { name: "Funnels" }).click();
    await expect.poll(() => app.getByRole("heading", { name: "Funnels", exact: true }).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole("link", { name: "Storefront & checkout preview" }).getAttribute("href")).toBe("/store");
    await page.close();
  }, 60_000);
});

describe("a merchant in the sandbox", () => {
  it("builds a funnel from the course-creator template with the demo shop's products, and publishes it", async () => {
    const page = await browser.newPage({ userAgent: browserUserAgent(browser.version()), viewport: { width: 1280, height: 900 } });
    await page.route((target) => target.hostname.endsWith("shopify.com"), (route) => route.abort());
    await page.goto(url);
    const app = page.frameLocator('iframe[title="Upstack"]');
    const card = (heading: string) =>
      app.locator(".Polaris-ShadowBevel").filter({ has: app.getByRole("heading", { name: heading, exact: true }) });
    /** Opens the picker with `button` and picks `title` in the sandbox's dialog, as a merchant would. */
    const pick = async (button: ReturnType<typeof app.getByRole>, title: string) => {
      await button.click();
      const dialog = app.getByRole("dialog");
      await dialog.getByLabel(new RegExp(`^${title.replace(/[+]/g, "\\+")} `)).check();
      await dialog.getByRole("button", { name: "Select" }).click();
    };

    await page.getByRole("navigation", { name: "Shopify admin" }).getByRole("link", { name: "Funnels" }).click();
    await app.getByRole("link", { name: "Use Course creator template" }).click();
    await expect.poll(() => app.getByRole("heading", { name: "New funnel from “Course creator”" }).count(), { timeout: 20_000 }).toBe(1);
    await pick(app.getByRole("button", { name: "Pick core products" }), "Online course");
    await expect.poll(() => card("Core offer").getByText("Online course · $97.00").count()).toBe(1);
    await pick(card("Order bump").getByRole("button", { name: "Pick product" }), "Course workbook + templates");
    await pick(card("Upsell").getByRole("button", { name: "Pick product" }), "Coaching add-on");
    await pick(card("Downsell").getByRole("button", { name: "Pick product" }), "Group Q&A pass");
    // The playbook's numbers: the $36 workbook at 25% off is the $27 bump.
    await expect.poll(() => app.getByTestId("bump-preview").getByTestId("offer-price").innerText()).toBe("$27.00");
    await app.getByLabel("Status").selectOption("active");
    await page.screenshot({ path: path.join(SCREENSHOTS, "sandbox-funnel-editor.png") });

    await app.locator("ui-save-bar#funnel-save-bar").getByRole("button", { name: "Save" }).click();
    // Publishing runs in the app's job worker against the stand-in (metafields, the bump's automatic discount).
    await expect.poll(() => app.getByText("Your changes are live in checkout").count(), { timeout: 30_000 }).toBe(1);
    await page.close();
  }, 90_000);
});

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
