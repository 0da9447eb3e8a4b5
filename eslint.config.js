import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "build/**",
      "**/dist/**",
      "app/db/generated/**",
      // The sandbox's database, demo shop state and bundled server (npm run sandbox).
      "sandbox/.data/**",
      "extensions/*/generated/**",
      // Written by every `shopify app build`.
      "extensions/*/shopify.d.ts",
      ".shopify/**",
      ".ci/.node/**",
      "bench-results/**",
      // Bundled from storefront/cart-bump.ts by scripts/build-cart-bump.mjs.
      "extensions/cart-bump/assets/cart-bump.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // packages/core runs in checkout, Functions and browsers: no Node, no server code.
    files: ["packages/*/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["node:*", "@prisma/*", "@shopify/*", "**/app/**", "*.server"] },
      ],
      "no-restricted-globals": ["error", "process"],
    },
  },
);
