// purchase.checkout.block.render: wherever the merchant places the block in the checkout editor.
// It takes precedence over the pay-button placement (placement.tsx).
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/purchase.checkout.block.render";
import { render } from "preact";
import { Bump } from "./Bump";
import { BlockPlacement } from "./placement";

declare const shopify: Api;

export default function extension() {
  render(
    <BlockPlacement storage={shopify.storage}>
      <Bump />
    </BlockPlacement>,
    document.body,
  );
}
