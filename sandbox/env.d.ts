// TODO(sandbox): remove once sandbox/storefront/router.ts lands (branch `store`); then import it directly in server.ts.
// Resolved when the sandbox is bundled (scripts/sandbox.mjs): the storefront router, or nothing while it does not exist yet.
declare module "sandbox:storefront" {
  import type { Router } from "express";
  import type { SandboxShop } from "./stand-in/shop-state";
  export const storefrontRouter: ((shop: SandboxShop) => Router) | undefined;
}
