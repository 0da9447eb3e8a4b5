// The package's CommonJS build, which the tests load in Node (see PostPurchasePage.test.tsx): the same API.
declare module "@shopify/post-purchase-ui-extensions-react/index.js" {
  export * from "@shopify/post-purchase-ui-extensions-react";
}
