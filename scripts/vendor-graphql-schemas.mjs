// Re-vendors Shopify's GraphQL introspection results used by the schema tests
// (tests/support/shopify-graphql.ts). Run by hand only: `npm run graphql:vendor-schemas`.
//
// The schemas ship inside Shopify's own @shopify/dev-mcp package. We pack that
// package into a temp dir instead of depending on it, so installs stay lean and
// the schema only changes when someone re-runs this script and commits the diff.
//
// Usage: node scripts/vendor-graphql-schemas.mjs [dev-mcp version] [api version]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageVersion = process.argv[2] ?? "1.16.0";
const apiVersion = process.argv[3] ?? "2026-07";

// Vendored name -> file name inside the package's dist/data/.
const files = {
  "admin.json.gz": `admin_${apiVersion}.json.gz`,
  "storefront.json.gz": `storefront-graphql_${apiVersion}.json.gz`,
  "functions-discount.json.gz": `functions_discount_${apiVersion}.json.gz`,
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const destination = join(root, "vendor", "shopify-graphql", apiVersion);
const work = mkdtempSync(join(tmpdir(), "vendor-graphql-"));

try {
  // --ignore-scripts: we only want the tarball, never to run anything from it.
  execFileSync("npm", ["pack", `@shopify/dev-mcp@${packageVersion}`, "--ignore-scripts", "--loglevel=error", "--pack-destination", work], {
    cwd: work,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  execFileSync("tar", ["-xzf", tarball], { cwd: work });

  mkdirSync(destination, { recursive: true });
  for (const [target, source] of Object.entries(files)) {
    copyFileSync(join(work, "package", "dist", "data", source), join(destination, target));
    const sha256 = createHash("sha256").update(readFileSync(join(destination, target))).digest("hex");
    console.log(`${sha256}  vendor/shopify-graphql/${apiVersion}/${target}  (from ${source})`);
  }
  console.log(`Vendored from @shopify/dev-mcp@${packageVersion}. Update vendor/shopify-graphql/README.md with these hashes.`);
  if (apiVersion !== "2026-07") {
    console.log("Note: tests/support/shopify-graphql.ts reads the 2026-07 directory; update it to use this version.");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
