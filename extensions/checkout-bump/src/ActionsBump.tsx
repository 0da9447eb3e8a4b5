// purchase.checkout.actions.render-before: right above the pay / continue button.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { Bump } from "./Bump";

export default function extension() {
  render(<Bump />, document.body);
}
