// The check behind `npm run deploy` (scripts/deploy.mjs), apart so the tests can call it.
import { parseEnv } from "node:util";

/**
 * SHOPIFY_APP_URL from the environment or, if unset there, from the text of
 * the project's .env; `{ url }` when it is an absolute https URL, else `{ error }`.
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} dotenvText undefined when there is no .env
 * @returns {{ url: string; error?: undefined } | { url?: undefined; error: string }}
 */
export function deployAppUrl(env, dotenvText) {
  const value = env.SHOPIFY_APP_URL?.trim() || (dotenvText ? parseEnv(dotenvText).SHOPIFY_APP_URL?.trim() : undefined) || "";
  let https = false;
  try {
    const url = new URL(value);
    https = url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
  } catch {
    // not a URL at all
  }
  if (https) return { url: value };
  const problem = value ? `SHOPIFY_APP_URL is not an https URL (${JSON.stringify(value)})` : "SHOPIFY_APP_URL is not set";
  return {
    error:
      `npm run deploy: ${problem}. The post-purchase extension is built with the app's URL baked in; set SHOPIFY_APP_URL ` +
      "to the public https URL the app server is served from (the application_url in shopify.app.toml), in the shell " +
      "or in .env, and run it again. Without it the extension would only find the server through a shop metafield " +
      "Shopify may not deliver to it, and would show no offers.",
  };
}
