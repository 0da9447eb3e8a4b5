import type { stubAdminGraphql } from "./admin-graphql-stub";

type Stub = ReturnType<typeof stubAdminGraphql>;

/** The live theme's config/settings_data.json with Upstack's cart embed on or off, as Shopify writes it (leading comment included). */
export const settingsData = (embedOn: boolean) =>
  `/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n${JSON.stringify({
    current: { blocks: { "1455": { type: "shopify://apps/upstack/blocks/cart-bump-embed/5d1e-uuid", disabled: !embedOn } } },
  })}`;

/** Answers the check-store-setup job's query: the shop's plan and its live theme's settings. */
export function answerStoreSetup(stub: Stub, options: { plus: boolean; embedOn: boolean } = { plus: false, embedOn: false }) {
  stub.answer("UpstackStoreSetup", {
    data: {
      shop: { plan: { shopifyPlus: options.plus, partnerDevelopment: false, publicDisplayName: options.plus ? "Shopify Plus" : "Basic" } },
      themes: {
        nodes: [{ id: "gid://shopify/OnlineStoreTheme/1", files: { nodes: [{ body: { content: settingsData(options.embedOn) } }] } }],
      },
    },
  });
}
