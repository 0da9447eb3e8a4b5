/** The thank-you page's script: the host, then the REAL thank-you extension in its block. */
import { mountExtension } from "./checkout-host";
import ThankYouBlock from "../../../extensions/thank-you/src/ThankYouBlock";

const slot = document.getElementById("thank-you-slot");
if (slot) mountExtension(slot, ThankYouBlock);
