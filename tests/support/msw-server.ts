import { setupServer } from "msw/node";

/**
 * The one interceptor for outbound HTTP in integration tests. It must be
 * listening before the app is imported: Shopify's node adapter keeps the
 * `fetch` it finds at import time. Nothing leaves the machine: an
 * unstubbed request fails the test.
 */
export const mswServer = setupServer();
