import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp, directRouteHandler, directRoutes } from "../../server.mjs";

type RouteModule = ServerBuild["routes"][string]["module"];
type Handler = (args: { request: Request; params: object; context: object }) => Promise<Response> | Response;

function route(id: string, path: string | undefined, module: Record<string, unknown>, parentId = "root") {
  return [id, { id, path, parentId, module: module as unknown as RouteModule }] as const;
}

const calls: { route: string; method: string; url: string; body: string | null }[] = [];
const recorded = (name: string, answer: (request: Request) => Response | Promise<Response>): Handler =>
  async ({ request, params, context }) => {
    expect(params).toEqual({});
    expect(context).toEqual({});
    calls.push({ route: name, method: request.method, url: request.url, body: request.body ? await request.text() : null });
    return answer(request);
  };

const page = () => null;
const build = {
  routes: Object.fromEntries([
    route("root", "", { default: page }, undefined as unknown as string),
    route("routes/api.echo", "api/echo", {
      action: recorded("echo action", (request) =>
        Response.json({ method: request.method }, { status: 201, headers: { "X-Echo": "yes" } }),
      ),
      loader: recorded("echo loader", () => {
        const headers = new Headers({ "Content-Type": "application/json" });
        headers.append("Set-Cookie", "a=1; Path=/");
        headers.append("Set-Cookie", "b=2; Path=/");
        return new Response('{"loaded":true}', { headers });
      }),
    }),
    route("routes/api.post-only", "api/post-only", { action: recorded("post-only action", () => new Response(null, { status: 204 })) }),
    route("routes/api.throws-response", "api/throws-response", {
      action: () => {
        throw new Response("go away", { status: 410 });
      },
    }),
    route("routes/api.throws-error", "api/throws-error", {
      action: () => {
        throw new Error("database is down");
      },
    }),
    // Not answered directly: a page, a dynamic path, a nested route, and a path outside api/.
    route("routes/api.page", "api/page", { default: page, loader: () => new Response("page") }),
    route("routes/api.items.$id", "api/items/:id", { loader: () => new Response("item") }),
    route("routes/api.splat.$", "api/splat/*", { loader: () => new Response("splat") }),
    route("routes/app.api", "api/nested", { loader: () => new Response("nested") }, "routes/app"),
    route("routes/webhooks", "webhooks", { action: () => new Response("webhook") }),
    route("routes/_index", undefined, { loader: () => new Response("index") }),
  ]),
} as unknown as ServerBuild;

describe("directRoutes", () => {
  it("picks the top-level resource routes under api/ with a fixed path, and nothing else", () => {
    expect([...directRoutes(build).keys()].sort()).toEqual([
      "/api/echo",
      "/api/post-only",
      "/api/throws-error",
      "/api/throws-response",
    ]);
  });
});

describe("directRouteHandler", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(directRouteHandler(directRoutes(build)));
    // Stands for Remix: whatever the direct handler passes on lands here.
    app.all("*", (req, res) => {
      res.status(299).send(`remix ${req.method} ${req.path}`);
    });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers a POST with the module's action, which reads the body and the full URL", async () => {
    calls.length = 0;
    const response = await fetch(`${base}/api/echo?x=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer t" },
      body: JSON.stringify({ referenceId: "r-1" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(await response.json()).toEqual({ method: "POST" });
    expect(calls).toEqual([
      { route: "echo action", method: "POST", url: `${base}/api/echo?x=1`, body: '{"referenceId":"r-1"}' },
    ]);
  });

  it("answers GET with the loader, keeping every Set-Cookie, and HEAD without a body", async () => {
    const response = await fetch(`${base}/api/echo`);
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await response.json()).toEqual({ loaded: true });
    const head = await fetch(`${base}/api/echo`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("sends the CORS preflight to the action, as Remix does", async () => {
    calls.length = 0;
    const response = await fetch(`${base}/api/echo/`, { method: "OPTIONS" });
    expect(response.status).toBe(201);
    expect(calls.map((call) => call.method)).toEqual(["OPTIONS"]);
  });

  it("answers with a thrown Response, and a 500 without details for a thrown error", async () => {
    const gone = await fetch(`${base}/api/throws-response`, { method: "POST" });
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe("go away");

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await fetch(`${base}/api/throws-error`, { method: "POST" });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe("Unexpected Server Error");
    expect(String(logged.mock.calls[0]?.[1])).toContain("database is down");
    logged.mockRestore();
  });

  it("passes on to Remix what it does not answer: other paths and a method the module lacks", async () => {
    for (const [method, path] of [
      ["GET", "/api/post-only"],
      ["GET", "/api/page"],
      ["GET", "/api/items/7"],
      ["GET", "/api/nested"],
      ["POST", "/webhooks"],
      ["GET", "/"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(299);
      expect(await response.text()).toBe(`remix ${method} ${path}`);
    }
  });
});

describe("createApp", () => {
  // The stub build has no entry module, so anything that reaches Remix fails:
  // an answer from the route module proves createApp put the direct routes first.
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const stub = { ...build, publicPath: "/assets/", assetsBuildDirectory: import.meta.dirname, future: {} } as unknown as ServerBuild;
    const app = createApp(stub, { accessLog: false });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers the api/ resource routes from their modules, in front of Remix", async () => {
    const direct = await fetch(`${base}/api/echo`, { method: "POST", body: "{}" });
    expect(direct.status).toBe(201);
    expect(await direct.json()).toEqual({ method: "POST" });
    const viaRemix = await fetch(`${base}/api/page`);
    expect(viaRemix.status).toBe(500);
  });
});
