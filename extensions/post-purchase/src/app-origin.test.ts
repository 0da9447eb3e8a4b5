import { build } from "esbuild";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type BuiltAppUrls, appOrigin, builtAppUrls, originOf } from "./app-origin";
import { ORIGIN, configMetafield } from "./test-support";

const none: BuiltAppUrls = { appUrl: undefined, shopifyAppUrl: undefined };
const TUNNEL = "https://tunnel-words.trycloudflare.com";
const DEPLOYED = "https://upstack.example.com";

describe("the app origin", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("takes the build's APP_URL (dev tunnel) first, then its SHOPIFY_APP_URL, then the metafield", () => {
    const metafields = [configMetafield()];
    expect(appOrigin(metafields, { appUrl: `${TUNNEL}/`, shopifyAppUrl: DEPLOYED })).toBe(TUNNEL);
    expect(appOrigin(metafields, { appUrl: undefined, shopifyAppUrl: `${DEPLOYED}/app` })).toBe(DEPLOYED);
    expect(appOrigin(metafields, none)).toBe(ORIGIN);
    expect(appOrigin([], none)).toBeNull();
    expect(appOrigin(undefined, none)).toBeNull();
  });

  it("passes over an unusable build URL to the next source", () => {
    expect(appOrigin([configMetafield()], { appUrl: "not a url", shopifyAppUrl: "http://upstack.example.com" })).toBe(ORIGIN);
    expect(appOrigin([], { appUrl: "", shopifyAppUrl: DEPLOYED })).toBe(DEPLOYED);
  });

  it.each([
    ["https://upstack.example.com", DEPLOYED],
    ["https://upstack.example.com/", DEPLOYED],
    ["https://upstack.example.com/some/path?query=1", DEPLOYED],
    ["HTTPS://Upstack.Example.com:8443", "https://upstack.example.com:8443"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://127.0.0.1:8080/app", "http://127.0.0.1:8080"],
  ])("uses the origin of %s", (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it.each([
    ["plain http to another host", "http://upstack.example.com"],
    ["a host without a scheme", "upstack.example.com"],
    ["a relative path", "/api"],
    ["another scheme", "ftp://upstack.example.com"],
    ["a script URL", "javascript:alert(1)"],
    ["credentials in the URL", "https://user:secret@upstack.example.com"],
    ["an empty string", ""],
    ["no value", undefined],
  ])("refuses %s", (_case, url) => {
    expect(originOf(url)).toBeNull();
  });

  it("reads process.env when run unbundled (as in these tests), and yields undefined for a name that is not set", () => {
    vi.stubEnv("APP_URL", undefined);
    vi.stubEnv("SHOPIFY_APP_URL", DEPLOYED);
    expect(builtAppUrls()).toEqual({ appUrl: undefined, shopifyAppUrl: DEPLOYED });
  });
});

describe("the app origin, bundled as the Shopify CLI bundles it", () => {
  /** The module built with esbuild (as the CLI does) and run in a fresh context that has URL but no `process`, like the sandbox. */
  async function bundled(define: Record<string, string>) {
    const result = await build({
      entryPoints: [new URL("./app-origin.ts", import.meta.url).pathname],
      bundle: true,
      write: false,
      format: "iife",
      globalName: "bundledAppOrigin",
      target: "es6",
      define,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    const context = { URL };
    expect(runInNewContext("typeof process", context)).toBe("undefined");
    const module = runInNewContext(`${code}; bundledAppOrigin`, context) as { appOrigin: typeof appOrigin; builtAppUrls: typeof builtAppUrls };
    return { code, module };
  }

  it("gets SHOPIFY_APP_URL from esbuild's define", async () => {
    const { code, module } = await bundled({ "process.env.SHOPIFY_APP_URL": JSON.stringify(DEPLOYED) });
    expect(code).not.toContain("process.env.SHOPIFY_APP_URL");
    expect(module.builtAppUrls().shopifyAppUrl).toBe(DEPLOYED);
    expect(module.appOrigin([])).toBe(DEPLOYED);
  });

  it("prefers APP_URL when the dev build defines both", async () => {
    const { module } = await bundled({
      "process.env.APP_URL": JSON.stringify(TUNNEL),
      "process.env.SHOPIFY_APP_URL": JSON.stringify(DEPLOYED),
    });
    expect(module.appOrigin([configMetafield()])).toBe(TUNNEL);
  });

  it("without a define, keeps the references and yields undefined instead of throwing", async () => {
    const { code, module } = await bundled({});
    expect(code).toContain("process.env.APP_URL");
    expect(code).toContain("process.env.SHOPIFY_APP_URL");
    const urls = module.builtAppUrls();
    expect([urls.appUrl, urls.shopifyAppUrl]).toEqual([undefined, undefined]);
    expect(module.appOrigin([])).toBeNull();
    expect(module.appOrigin([configMetafield()])).toBe(ORIGIN);
  });
});
