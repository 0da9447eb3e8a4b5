import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SANDBOX_CREDENTIAL_PREFIX, SANDBOX_MARKER_VARIABLE, sandboxRefusal } from "../../sandbox/safety.mjs";
import { sandboxEnvironment } from "../../server.mjs";

// The sandbox's shortcuts (its own signing secret, the stand-in for Shopify)
// stay in the sandbox: it refuses a real app's environment, and the
// production server refuses the sandbox's.

const root = path.resolve(import.meta.dirname, "..", "..");
const cleanEnv = (): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "DATABASE_URL", "NODE_ENV", "UPSTACK_SANDBOX"].includes(name),
    ),
  );
const run = (script: string, env: Record<string, string | undefined>) =>
  spawnSync(process.execPath, [path.join(root, script)], { cwd: root, env: env as NodeJS.ProcessEnv, encoding: "utf8", timeout: 20_000 });

describe("npm run sandbox refuses", () => {
  it.each([
    ["NODE_ENV=production", { NODE_ENV: "production" }, "NODE_ENV"],
    ["a real API key", { SHOPIFY_API_KEY: "3f0c9e0d5a1b" }, "SHOPIFY_API_KEY"],
    ["a real API secret", { SHOPIFY_API_SECRET: "shpss_0123456789" }, "SHOPIFY_API_SECRET"],
    ["a real database", { DATABASE_URL: "postgresql://prod.example.com/upstack" }, "DATABASE_URL"],
  ])("%s, before installing or starting anything", (_name, extra, named) => {
    expect(sandboxRefusal(extra)).toContain(named);
    const result = run("scripts/sandbox.mjs", { ...cleanEnv(), ...extra });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("The sandbox refuses to start");
    expect(result.stderr).toContain(named);
    expect(result.stdout).not.toContain("sandbox:"); // no step ran
  });

  it("nothing in a developer's plain environment", () => {
    expect(sandboxRefusal({ NODE_ENV: "development" })).toBeNull();
    expect(sandboxRefusal({ SHOPIFY_API_KEY: `${SANDBOX_CREDENTIAL_PREFIX}api-key` })).toBeNull();
  });
});

describe("the production server refuses the sandbox's environment", () => {
  it.each([
    ["the sandbox's API secret", { SHOPIFY_API_SECRET: `${SANDBOX_CREDENTIAL_PREFIX}0a1b2c` }],
    ["the sandbox's API key", { SHOPIFY_API_KEY: `${SANDBOX_CREDENTIAL_PREFIX}api-key` }],
    ["the sandbox's process marker", { [SANDBOX_MARKER_VARIABLE]: "1" }],
  ])("%s", (_name, extra) => {
    expect(sandboxEnvironment(extra)).not.toBeNull();
    const result = run("server.mjs", { ...cleanEnv(), SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://a.example", ...extra });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("production server refuses to start");
  });

  it("but starts with a real app's credentials", () => {
    expect(sandboxEnvironment({ SHOPIFY_API_KEY: "3f0c9e0d5a1b", SHOPIFY_API_SECRET: "shpss_0123456789" })).toBeNull();
  });
});
