import { afterAll, afterEach, inject } from "vitest";
import { mswServer } from "./msw-server";

// Runs before each integration test file is imported, so the app's database
// client (created lazily) connects to this project's fresh database, and
// Shopify's HTTP client picks up the intercepted fetch.
process.env.DATABASE_URL = inject("databaseUrl");

mswServer.listen({ onUnhandledRequest: "error" });
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());
