// purchase.checkout.block.render: wherever the merchant places the block in the checkout editor.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { Bump } from "./Bump";

export default function extension() {
  render(<Bump />, document.body);
}
