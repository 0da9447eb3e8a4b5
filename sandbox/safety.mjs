// @ts-check
/**
 * The sandbox's safety rules, in one place for `npm run sandbox`
 * (scripts/sandbox.mjs, before it installs or builds anything) and the
 * sandbox server itself (sandbox/server.ts, in case it is started directly).
 *
 * The sandbox signs Shopify's tokens with its own app secret and answers the
 * Admin API itself: it must never run with a real app's credentials, against
 * a real database, or as production. Its credentials all start with
 * "sandbox-", which the production server refuses (server.mjs).
 */

/** Every credential the sandbox makes up starts with this; the production server refuses them. */
export const SANDBOX_CREDENTIAL_PREFIX = "sandbox-";

/** Set in the sandbox's process only; the production server refuses to start when it is set. */
export const SANDBOX_MARKER_VARIABLE = "UPSTACK_SANDBOX";

/**
 * Why the sandbox must not start in this environment, or null when it may.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function sandboxRefusal(env) {
  if (env.NODE_ENV === "production") {
    return "NODE_ENV is production. The sandbox fakes Shopify and logs in without it: it never runs as production.";
  }
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"]) {
    const value = env[name];
    if (value && !value.startsWith(SANDBOX_CREDENTIAL_PREFIX)) {
      return `${name} is set to a real app's value. The sandbox signs Shopify's tokens with its own secret; unset ${name} (the sandbox never reads .env).`;
    }
  }
  if (env.DATABASE_URL) {
    return "DATABASE_URL is set. The sandbox uses its own SQLite file (sandbox/.data/); unset DATABASE_URL so no real database is touched.";
  }
  return null;
}
