#!/usr/bin/env node
// @ts-check
/**
 * Upstack's production server: `npm start` (and the Docker image) run this
 * file. It serves the Remix build the way `remix-serve` does and customises
 * only around it: compression and the access log for every request, the
 * build's fingerprinted assets cached for a year. Every page and route,
 * the checkout-facing `api/` routes included, goes through Remix's own
 * request handler, as in development.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import morgan from "morgan";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The app: compression, the build's assets, `public/`, the access log and
 * Remix, as remix-serve arranges them.
 * @param {import("@remix-run/node").ServerBuild} build
 * @param {{ accessLog?: NodeJS.WritableStream | false }} [options] where the access log goes (default: stdout)
 */
export function createApp(build, { accessLog = process.stdout } = {}) {
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  if (accessLog) app.use(morgan("tiny", { stream: accessLog }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}

/**
 * The server build. Node 22 has fetch, Request, Response and FormData, so,
 * unlike remix-serve, nothing replaces them (installGlobals would swap in the
 * npm copy of undici for every request and every call to Shopify).
 * @returns {Promise<import("@remix-run/node").ServerBuild>}
 */
export async function loadBuild(file = path.join(root, "build", "server", "index.js")) {
  return import(pathToFileURL(file).href);
}

/**
 * Starts the background job worker of the build (app/jobs: publishing to
 * Shopify) in this process, exported by the build's entry module.
 * @param {import("@remix-run/node").ServerBuild} build
 * @returns {Promise<() => Promise<void>>} stops it
 */
export function startJobWorker(build) {
  const entry = /** @type {{ startJobWorker: () => Promise<() => Promise<void>> }} */ (
    /** @type {unknown} */ (build.entry.module)
  );
  return entry.startJobWorker();
}

/**
 * Why this environment is the sandbox's rather than a real app's, or null.
 * `npm run sandbox` signs Shopify's tokens itself with credentials starting
 * with "sandbox-" and marks its process with UPSTACK_SANDBOX (see
 * sandbox/safety.mjs): the production server never starts with either.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function sandboxEnvironment(env) {
  if (env.UPSTACK_SANDBOX) return "UPSTACK_SANDBOX is set: this is the sandbox's environment (npm run sandbox).";
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"]) {
    if (env[name]?.startsWith("sandbox-")) return `${name} is the sandbox's made-up credential, not your app's.`;
  }
  return null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const refusal = sandboxEnvironment(process.env);
  if (refusal) {
    console.error(`Upstack's production server refuses to start: ${refusal}`);
    process.exit(1);
  }
  const build = await loadBuild(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST;
  const onListening = () => console.log(`Upstack listening on http://${host ?? "localhost"}:${port}`);
  const app = createApp(build);
  const server = host ? app.listen(port, host, onListening) : app.listen(port, onListening);
  const stopJobWorker = await startJobWorker(build);
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, async () => {
      // Answer what is in flight, then stop; the database pool would otherwise keep the process up.
      const closed = new Promise((resolve) => server.close((error) => resolve(error && console.error(error))));
      // A job cut short by the shutdown is taken up again after the restart (app/jobs).
      await Promise.all([closed, stopJobWorker().catch((error) => console.error(error))]);
      process.exit(0);
    });
  }
}
