#!/usr/bin/env node
// @ts-check
/**
 * Upstack's production server: `npm start` (and the Docker image) run this
 * file. It serves the Remix build the way `remix-serve` does (assets, then
 * Remix for every page and route), with one difference: the checkout-facing
 * API routes are answered directly.
 *
 * Those routes (`app/routes/api.*`: the post-purchase offer, sign, events and
 * ping endpoints, and the checkout events endpoint) are resource routes
 * called by the buyer's checkout, thousands of times per sale, with the buyer
 * waiting (ShouldRender gives up after one second). Through Remix, each call
 * pays for ranking every route of the app twice, express's middleware chain
 * and a web stream to write a few hundred bytes of JSON: on our 2-core
 * machines that was over half of the work of a request that only verifies a
 * token (`npm run bench:post-purchase`: the bare route answered 2,100 req/s
 * through Remix, about 6,000 directly). Here each such path maps straight to
 * its route module, and the module's loader (GET, HEAD) or action (any other
 * method, the CORS preflight included) answers, as Remix would call it: same
 * Request, no params, no load context, a thrown Response is the answer.
 * Anything else, including a method the module does not handle, goes to
 * Remix. In development (`npm run dev`, Vite) Remix answers everything; the
 * route modules are the same.
 *
 * Direct answers are not in the access log: they are the high-volume,
 * buyer-side traffic, and their refusals are logged by the app itself.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import morgan from "morgan";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The routes answered directly: top-level resource routes (no page) under
 * `api/` with a fixed path, by URL path.
 * @param {import("@remix-run/node").ServerBuild} build
 * @returns {Map<string, import("@remix-run/node").ServerBuild["routes"][string]["module"]>}
 */
export function directRoutes(build) {
  const routes = new Map();
  for (const route of Object.values(build.routes)) {
    const fixedPath = route.path && !/[:*]/.test(route.path) ? route.path : null;
    if (route.parentId !== "root" || !fixedPath?.startsWith("api/") || route.module.default) continue;
    routes.set(`/${fixedPath}`, route.module);
  }
  return routes;
}

/**
 * The Request a route module gets, built as @remix-run/express builds it
 * (host and port from X-Forwarded-Host or Host, aborted if the client goes
 * away before the answer).
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 */
function toRequest(req, res) {
  const port = (req.get("X-Forwarded-Host") ?? req.get("host") ?? "").split(":")[1];
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(key, one);
    else if (value !== undefined) headers.set(key, value);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: /** @type {ReadableStream} */ (/** @type {unknown} */ (req)), duplex: "half" } : {}),
  });
}

/**
 * Writes a route's Response. These answers are small JSON documents, never
 * streamed: read whole, written in one go.
 * @param {import("express").Response} res
 * @param {Response} response
 */
async function send(res, response) {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [key, value] of response.headers) {
    if (key !== "set-cookie") res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(body);
}

/**
 * Answers a direct route's request with its module, or passes it on to Remix.
 * @param {ReturnType<typeof directRoutes>} routes
 * @returns {import("express").RequestHandler}
 */
export function directRouteHandler(routes) {
  return async (req, res, next) => {
    const module = routes.get(req.path.length > 1 ? req.path.replace(/\/$/, "") : req.path);
    const handler = module && (req.method === "GET" || req.method === "HEAD" ? module.loader : module.action);
    if (!handler) return next();
    let response;
    try {
      response = await handler({ request: toRequest(req, res), params: {}, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) response = thrown;
      else {
        console.error(`${req.method} ${req.path} failed`, thrown);
        response = new Response("Unexpected Server Error", { status: 500 });
      }
    }
    if (!(response instanceof Response)) {
      console.error(`${req.method} ${req.path}: the route answered something other than a Response`);
      response = new Response("Unexpected Server Error", { status: 500 });
    }
    try {
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The app: direct routes, then compression, the build's assets, `public/`,
 * the access log and Remix, as remix-serve arranges them.
 * @param {import("@remix-run/node").ServerBuild} build
 * @param {{ accessLog?: boolean }} [options]
 */
export function createApp(build, { accessLog = true } = {}) {
  const app = express();
  app.disable("x-powered-by");
  app.use(directRouteHandler(directRoutes(build)));
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  if (accessLog) app.use(morgan("tiny"));
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const build = await loadBuild(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST;
  const onListening = () => console.log(`Upstack listening on http://${host ?? "localhost"}:${port}`);
  const app = createApp(build);
  const server = host ? app.listen(port, host, onListening) : app.listen(port, onListening);
  const stopJobWorker = await startJobWorker(build);
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      server.close((error) => error && console.error(error));
      // A job cut short by the shutdown is taken up again after the restart (app/jobs).
      stopJobWorker().catch((error) => console.error(error));
    });
  }
}
