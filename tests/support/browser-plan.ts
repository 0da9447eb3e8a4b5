import { existsSync } from "node:fs";

/** Debian's Chromium, which the browser tests drive with playwright-core (nothing is downloaded). */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export type BrowserPlan = { run: boolean; executablePath: string };

/**
 * Decides whether the browser tests run. No Chromium: skipped with a loud
 * banner, unless UPSTACK_REQUIRE_BROWSER=1 (set by .ci/run), where it is a failure.
 */
export function browserTestPlan(): BrowserPlan {
  const configured = process.env.CHROMIUM_PATH?.trim();
  const executablePath = configured || CANDIDATES.find((candidate) => existsSync(candidate)) || "";
  if (executablePath && existsSync(executablePath)) return { run: true, executablePath };

  const message = configured
    ? `CHROMIUM_PATH=${configured} does not exist.`
    : `No Chromium found (looked for ${CANDIDATES.join(", ")}).`;
  if (process.env.UPSTACK_REQUIRE_BROWSER === "1") {
    throw new Error(`${message} UPSTACK_REQUIRE_BROWSER=1, so the browser tests may not be skipped.`);
  }
  const line = "!".repeat(78);
  console.warn(
    `\n${line}\n!! ${message}\n!! SKIPPING the browser tests (tests/e2e). Install Debian's chromium\n` +
      `!! (apt-get install chromium) or set CHROMIUM_PATH (see README, "Tests").\n${line}\n`,
  );
  return { run: false, executablePath: "" };
}

/** Flags for headless Chromium on a closed network. */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/** A desktop Chrome user agent: headless Chromium's own says "HeadlessChrome", which bot filters reject. */
export function browserUserAgent(version: string): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36`;
}
