import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";
import { browserTestPlan } from "./tests/support/browser-plan";
import { postgresTestPlan } from "./tests/support/postgres-plan";

// One run covers both databases: the integration tests run once against a
// fresh SQLite file and once against a fresh PostgreSQL database.
const postgres = await postgresTestPlan();
const browser = browserTestPlan();

const shopifyEnv = {
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-api-secret",
  SHOPIFY_APP_URL: "https://upstack.test",
  SCOPES: "read_products,write_discounts,read_orders,read_themes",
};

const integration = (name: string, databaseKind: "sqlite" | "postgresql") => ({
  extends: true as const,
  test: {
    name,
    include: ["tests/integration/**/*.test.ts", "tests/integration/**/*.test.tsx"],
    globalSetup: ["tests/support/database-global-setup.ts"],
    setupFiles: ["tests/support/integration-setup.ts"],
    provide: { databaseKind, postgresAdminUrl: postgres.adminUrl },
    env: shopifyEnv,
    // Each file gets its own database rows by shop name; files may share the database.
    fileParallelism: false,
    // The concurrent-burst tests send hundreds of requests through real
    // transactions on two cores, while the other database's project runs:
    // vitest's 5 s default is a machine-load lottery for them, not a check.
    testTimeout: 20_000,
  },
});

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "packages/**/*.test.ts",
            "extensions/*/src/**/*.test.{ts,tsx}",
            "tests/unit/**/*.test.ts",
          ],
          env: shopifyEnv,
        },
      },
      integration("integration-sqlite", "sqlite"),
      ...(postgres.run ? [integration("integration-postgresql", "postgresql")] : []),
      ...(browser.run
        ? [
            {
              // The cart bump on a stand-in storefront: needs Chromium, not the app or a database.
              extends: true as const,
              test: { name: "storefront", include: ["tests/storefront/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
            },
            {
              extends: true as const,
              test: {
                name: "e2e",
                include: ["tests/e2e/**/*.test.ts"],
                globalSetup: ["tests/support/database-global-setup.ts", "tests/support/app-build-global-setup.ts"],
                setupFiles: ["tests/support/integration-setup.ts"],
                provide: { databaseKind: "sqlite" as const, postgresAdminUrl: postgres.adminUrl },
                env: shopifyEnv,
                fileParallelism: false,
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
