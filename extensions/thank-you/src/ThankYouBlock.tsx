// purchase.thank-you.block.render: wherever the merchant places the block on the Thank you page.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { ThankYouOffer } from "./ThankYouOffer";

export default function extension() {
  render(<ThankYouOffer />, document.body);
}
