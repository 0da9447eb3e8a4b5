/** The thank-you page's script: the host, then the REAL thank-you extension in its block (bundles.ts passes its entry). */
import { mountExtension } from "./checkout-host";

export function start(extension: () => void) {
  const slot = document.getElementById("thank-you-slot");
  if (slot) mountExtension(slot, extension);
}
