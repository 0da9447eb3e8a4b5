import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";

const root = path.resolve(import.meta.dirname, "..", "..");
const clientDir = path.join(root, "build", "client");
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".ico": "image/x-icon",
};

/**
 * Serves the production build from inside the test process, as `npm start`
 * would, so the app's outbound Shopify calls go through the test's MSW stubs.
 */
export async function startAppServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const build = (await import(pathToFileURL(path.join(root, "build", "server", "index.js")).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const asset = path.join(clientDir, path.normalize(url.pathname));
      // Static files, as remix-serve serves them from build/client.
      if (url.pathname !== "/" && asset.startsWith(clientDir) && existsSync(asset) && statSync(asset).isFile()) {
        res.writeHead(200, { "Content-Type": TYPES[path.extname(asset)] ?? "application/octet-stream" });
        createReadStream(asset).pipe(res);
        return;
      }
      const response = await handle(toRequest(req, url));
      const headers: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => {
        headers[key] = key === "set-cookie" ? response.headers.getSetCookie() : value;
      });
      res.writeHead(response.status, headers);
      if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(key, one);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}
