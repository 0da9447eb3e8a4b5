import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createApp, loadBuild, startJobWorker } from "../../server.mjs";

/**
 * Serves the production build with the production server (server.mjs, what
 * `npm start` runs), from inside the test process, so the app's outbound
 * Shopify calls go through the test's MSW stubs. The build's background job
 * worker runs here too, as it does beside `npm start`.
 */
export async function startAppServer(): Promise<{ url: string; accessLog: string[]; close: () => Promise<void> }> {
  const build = await loadBuild();
  // Kept for the tests to read rather than added to their output.
  const accessLog: string[] = [];
  const app = createApp(build, {
    accessLog: new Writable({
      write(line, _encoding, done) {
        accessLog.push(String(line).trim());
        done();
      },
    }),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const stopJobWorker = await startJobWorker(build);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accessLog,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await stopJobWorker();
    },
  };
}
