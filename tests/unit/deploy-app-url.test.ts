import { describe, expect, it } from "vitest";
import { deployAppUrl } from "../../scripts/deploy-app-url.mjs";

const APP_URL = "https://upstack.example.com";

describe("npm run deploy's app URL", () => {
  it("takes SHOPIFY_APP_URL from the environment first", () => {
    expect(deployAppUrl({ SHOPIFY_APP_URL: APP_URL }, "SHOPIFY_APP_URL=https://other.example.com\n")).toEqual({ url: APP_URL });
  });

  it.each([
    ["unset", {}],
    ["empty", { SHOPIFY_APP_URL: " " }],
  ])("reads .env when the environment's is %s", (_case, env) => {
    const dotenv = `# comment\nSHOPIFY_API_KEY=key\nSHOPIFY_APP_URL="${APP_URL}/"\n`;
    expect(deployAppUrl(env, dotenv)).toEqual({ url: `${APP_URL}/` });
  });

  it.each([
    ["no .env", undefined],
    ["a .env without it", "SHOPIFY_API_KEY=key\n"],
    ["a .env with it empty", "SHOPIFY_APP_URL=\n"],
  ])("refuses with %s, saying why and what to set", (_case, dotenv) => {
    const { url, error } = deployAppUrl({}, dotenv);
    expect(url).toBeUndefined();
    expect(error).toMatch(/^npm run deploy: SHOPIFY_APP_URL is not set\. The post-purchase extension is built with the app's URL baked in; set SHOPIFY_APP_URL /);
    expect(error).not.toContain("\n");
  });

  it.each([
    "http://upstack.example.com",
    "http://localhost:3000",
    "upstack.example.com",
    "ftp://upstack.example.com",
    "https://user:secret@upstack.example.com",
    "not a url",
  ])("refuses %s: the extension would send the buyer's token there", (value) => {
    expect(deployAppUrl({ SHOPIFY_APP_URL: value }, undefined).error).toContain(`SHOPIFY_APP_URL is not an https URL (${JSON.stringify(value)})`);
  });
});
