/**
 * The preview's browser scripts, bundled with esbuild from the extensions'
 * REAL sources plus the host modules in ./browser, once per process.
 *
 * The post-purchase extension is React 17 code against
 * @shopify/post-purchase-ui-extensions-react; in the browser its package is
 * replaced by ./browser/post-purchase-host.ts and React by the app's
 * React 18 (react-dom 18 renders it; the extension uses only hooks). Its
 * build-time APP_URL is the app's origin, as `shopify app dev` writes it in.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type Plugin, build } from "esbuild";

// Two levels up from here (sandbox/storefront/) and from the bundled sandbox server (sandbox/.data/) is the repository.
const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const rootRequire = createRequire(fromRoot("package.json"));

export type BundleName = "checkout" | "thank-you" | "post-purchase";

/** Each page's script: our host first (it sets up what the extension reads when it loads), then the extension's own entry. */
const ENTRIES: Record<BundleName, string> = {
  checkout: `import { start } from "./browser/checkout-entry.ts";
import extension from "../../extensions/checkout-bump/src/ActionsBump.tsx";
start(extension);`,
  "thank-you": `import { start } from "./browser/thank-you-entry.ts";
import extension from "../../extensions/thank-you/src/ThankYouBlock.tsx";
start(extension);`,
  "post-purchase": `import { start } from "./browser/post-purchase-entry.ts";
import "../../extensions/post-purchase/src/index.tsx";
void start();`,
};

/** The post-purchase package → our host module; React → the app's React 18. */
const postPurchaseHost: Plugin = {
  name: "post-purchase-host",
  setup(plugin) {
    plugin.onResolve({ filter: /^@shopify\/post-purchase-ui-extensions-react$/ }, () => ({ path: fromRoot("sandbox/storefront/browser/post-purchase-host.ts") }));
    plugin.onResolve({ filter: /^react(-dom)?(\/.*)?$/ }, (args) => ({ path: rootRequire.resolve(args.path) }));
  },
};

export function createBundler(appOrigin: string) {
  const cache = new Map<BundleName, Promise<string>>();
  return (name: BundleName): Promise<string> => {
    let bundle = cache.get(name);
    if (!bundle) {
      const react = name === "post-purchase";
      bundle = build({
        stdin: { contents: ENTRIES[name], resolveDir: fromRoot("sandbox/storefront"), sourcefile: `${name}-page.ts`, loader: "ts" },
        bundle: true,
        write: false,
        format: "iife",
        platform: "browser",
        target: "es2022",
        jsx: "automatic",
        jsxImportSource: react ? "react" : "preact",
        define: {
          "process.env.NODE_ENV": '"production"',
          ...(react ? { "process.env.APP_URL": JSON.stringify(appOrigin) } : {}),
        },
        plugins: react ? [postPurchaseHost] : [],
        logLevel: "silent",
      }).then((result) => result.outputFiles[0]?.text ?? "");
      bundle.catch(() => cache.delete(name));
      cache.set(name, bundle);
    }
    return bundle;
  };
}
