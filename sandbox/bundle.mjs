// @ts-check
/**
 * Bundles the sandbox server (sandbox/server.ts) into one ES module with
 * esbuild: the sandbox's TypeScript and @upstack/core are bundled, every
 * other package is imported from node_modules, and server.mjs (the
 * production server, whose paths are relative to itself) is imported as is.
 */
import path from "node:path";
import { build } from "esbuild";

/** @param {string} root @param {string} outfile */
export async function bundleSandbox(root, outfile) {
  await build({
    entryPoints: [path.join(root, "sandbox", "server.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: "inline",
    jsx: "automatic",
    logLevel: "error",
    plugins: [
      {
        name: "upstack-sandbox",
        setup(b) {
          b.onResolve({ filter: /server\.mjs$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), external: true }));
          // Packages from node_modules stay external; @upstack/* workspaces (TypeScript sources) are bundled.
          b.onResolve({ filter: /^[^./~]/ }, (args) =>
            args.path.startsWith("@upstack/") || args.path.startsWith("node:") ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}
