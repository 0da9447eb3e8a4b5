// What the benchmark scripts (bench-analytics.mjs, bench-post-purchase.mjs)
// share: building the app, throwaway databases, the app's modules loaded from
// source, the production server, the load generator and the results file.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { createServer as createViteServer } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

/** The repository's root directory. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The production server build that `node server.mjs` runs. */
export const SERVER = path.join(root, "build", "server", "index.js");
/** The app's credentials for this run; the secret is new on every run. */
export const API_KEY = "bench-api-key";
export const API_SECRET = `bench-secret-${randomBytes(8).toString("hex")}`;
export const APP_URL = "https://upstack.bench.test";

/** HMAC-SHA256 of text with the app secret, as Shopify signs webhooks ("base64") and tokens ("base64url"). */
export function signWithSecret(text, encoding) {
  return createHmac("sha256", API_SECRET).update(text).digest(encoding);
}

// ------------------------------------------------------------------ build

/** Newest modification time under these paths (files only). */
function newest(paths) {
  let latest = 0;
  const visit = (file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) if (entry !== "node_modules" && entry !== "generated") visit(path.join(file, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return latest;
}

/** Runs `npm run build` unless the server build is newer than the app's sources. */
export function buildIfNeeded() {
  const sources = newest(["app", "packages/core/src", "vite.config.ts", "package.json", "prisma/schema.prisma"]);
  if (existsSync(SERVER) && statSync(SERVER).mtimeMs >= sources) {
    console.log("Using the existing build (newer than app/ and packages/core/).");
    return;
  }
  console.log("Building the app (npm run build)...");
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: root, stdio: "inherit" })
    : spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build failed");
}

// ------------------------------------------------------------- databases

/** Applies the real migrations to the database (scripts/database.mjs migrate). */
export function migrate(databaseUrl) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "database.mjs"), "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Migrating ${databaseUrl} failed:\n${result.stdout}\n${result.stderr}`);
}

/** A connection to TEST_POSTGRES_URL that may create databases, or null (with a message) when unreachable. */
async function postgresAdmin() {
  const adminUrl = process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { client, adminUrl };
  } catch (error) {
    console.warn(`\n!! PostgreSQL skipped: cannot connect to ${adminUrl.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")} (${error.message}).`);
    console.warn("!! Set TEST_POSTGRES_URL to a server where this user may create databases.");
    return null;
  }
}

/**
 * Runs bench(kind, databaseUrl, work) on a SQLite file in `work` and on a
 * PostgreSQL database created for it and dropped afterwards (skipped when the
 * server is unreachable); BENCH_DATABASES=sqlite (or postgres) runs one only.
 * Returns { sqlite, postgres } with what each run returned.
 */
export async function benchEachDatabase(work, bench) {
  const results = {};
  const only = process.env.BENCH_DATABASES?.split(",");
  if (!only || only.includes("sqlite")) {
    results.sqlite = await bench("sqlite", `file:${path.join(work, "bench.sqlite")}`, work);
  }
  const admin = !only || only.includes("postgres") ? await postgresAdmin() : null;
  if (admin) {
    const name = `upstack_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
    await admin.client.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(admin.adminUrl);
      url.pathname = `/${name}`;
      results.postgres = await bench("postgres", url.toString(), work);
    } finally {
      await admin.client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.client.end();
    }
  }
  return results;
}

// ------------------------------------------------------------ app modules

/**
 * Calls work(load) with the app's modules loadable from source through Vite's
 * SSR loader (load("/app/models/funnel.server.ts")), on this database; then
 * disconnects the app's Prisma client and closes Vite.
 */
export async function withApp(databaseUrl, work) {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  const vite = await createViteServer({
    root,
    configFile: false,
    logLevel: "error",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [tsconfigPaths()],
  });
  try {
    const { default: db } = await vite.ssrLoadModule("/app/db.server.ts");
    try {
      return await work((file) => vite.ssrLoadModule(file));
    } finally {
      await db.$disconnect();
      // db.server keeps its client on globalThis outside production; the next database needs its own.
      delete globalThis.upstackDatabase;
    }
  } finally {
    await vite.close();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

// ---------------------------------------------------------------- server

/**
 * Starts the production server as `npm start` runs it (server.mjs), minus the
 * .env file: every variable is set here, plus `env`. Waits until a POST to
 * probePath gets any answer, for at most startupSeconds. Returns { port, stop }:
 * stop() sends SIGTERM (server.mjs closes its server and Node exits, writing a
 * --cpu-prof profile), then SIGKILL after 10 s.
 */
export async function startServer({ databaseUrl, logFile, probePath, startupSeconds, env = {} }) {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [path.join(root, "server.mjs"), SERVER], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: APP_URL,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", out, out],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + startupSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}); see ${logFile}`);
    try {
      await fetch(`http://127.0.0.1:${port}${probePath}`, { method: "POST" });
      return { port, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`The server did not answer within ${startupSeconds} s; see ${logFile}`);
}

// ------------------------------------------------------------------ load

/**
 * autocannon: `connections` connections POST to pathName for `seconds`; request
 * k gets the headers and body of requestFor(k). The first `prepared` requests
 * are built before the clock starts (the load generator shares the machine's
 * cores with the server, and building during the run would take its CPU from
 * the server being measured); past them, requests are built on the fly.
 * Resolves with autocannon's result.
 */
export function postLoad({ port, pathName, connections, seconds, prepared: count, requestFor }) {
  const prepared = Array.from({ length: count }, (_, k) => requestFor(k));
  let k = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: [
          {
            method: "POST",
            path: pathName,
            setupRequest(request) {
              const next = prepared[k] ?? requestFor(k);
              k++;
              request.headers = { ...request.headers, ...next.headers };
              request.body = next.body;
              return request;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("error", reject);
  });
}

// --------------------------------------------------------------- results

/**
 * Writes bench-results/<name>.json; with keepOthers, the file's other top-level
 * entries (say, the database this run skipped) stay. Returns the file's path.
 */
export function writeResults(name, results, { keepOthers = false } = {}) {
  const file = path.join(root, "bench-results", `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const previous = keepOthers && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  writeFileSync(file, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
  console.log(`\n${JSON.stringify(results)}`);
  return file;
}
