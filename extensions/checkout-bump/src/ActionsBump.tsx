// purchase.checkout.actions.render-before: right above the pay / continue button,
// unless the merchant's block shows the bump on this page (placement.tsx).
import "@shopify/ui-extensions/preact";
import type { Api } from "@shopify/ui-extensions/purchase.checkout.actions.render-before";
import { render } from "preact";
import { Bump } from "./Bump";
import { ActionsPlacement } from "./placement";

declare const shopify: Api;

export default function extension() {
  render(
    <ActionsPlacement storage={shopify.storage}>
      <Bump />
    </ActionsPlacement>,
    document.body,
  );
}
