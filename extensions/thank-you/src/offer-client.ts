/**
 * The thank-you page's calls to the app server (core's THANK_YOU_PATHS), each
 * a JSON POST of `{ orderId }` with the page's session token. Failures are
 * answered as "no offer" / "not ready": the buyer's confirmation page never
 * shows an error for our sake, except after the buyer clicked.
 */
import {
  CHECKOUT_CONFIG_LIMIT_BYTES,
  PUBLISHED_METAFIELDS,
  type ReceivedThankYouOffer,
  THANK_YOU_PATHS,
  isEventsUrl,
  parseThankYouAcceptAnswer,
  parseThankYouOfferAnswer,
  utf8ByteLength,
} from "@upstack/core";

export type ServerDeps = {
  /** The app server's origin, e.g. https://upstack.example. */
  origin: string;
  orderId: string;
  token: () => Promise<string>;
  fetch?: typeof globalThis.fetch;
};

type MetafieldEntry = { metafield: { namespace: string; key: string; value: unknown } };

/**
 * The app server's origin, from the eventsUrl of the checkout config the
 * server publishes in the app-owned shop metafield; null when unusable.
 */
export function appOriginFrom(entries: readonly MetafieldEntry[]): string | null {
  const { key } = PUBLISHED_METAFIELDS.checkout;
  const raw = entries.find((entry) => entry.metafield.key === key && /^(?:\$app:|app--\d+--)upstack$/.test(entry.metafield.namespace))
    ?.metafield.value;
  if (typeof raw !== "string" || utf8ByteLength(raw) > CHECKOUT_CONFIG_LIMIT_BYTES) return null;
  try {
    const url = (JSON.parse(raw) as { eventsUrl?: unknown }).eventsUrl;
    return isEventsUrl(url) ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

async function post(deps: ServerDeps, path: string): Promise<unknown> {
  const response = await (deps.fetch ?? globalThis.fetch)(`${deps.origin}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await deps.token()}`, "Content-Type": "application/json" },
    body: JSON.stringify({ orderId: deps.orderId }),
  });
  if (!response.ok) return null;
  return response.json();
}

/** The order's offer, or null (none, or anything went wrong). */
export async function fetchOffer(deps: ServerDeps): Promise<ReceivedThankYouOffer | null> {
  try {
    return parseThankYouOfferAnswer(await post(deps, THANK_YOU_PATHS.offer));
  } catch {
    return null;
  }
}

/** Reports that the buyer saw the offer; never fails. */
export async function reportImpression(deps: ServerDeps): Promise<void> {
  try {
    await post(deps, THANK_YOU_PATHS.impression);
  } catch {
    // Analytics never disturb the page.
  }
}

/** The new checkout's address once the server has prepared the offer, or null. */
export async function acceptOffer(deps: ServerDeps): Promise<string | null> {
  try {
    return parseThankYouAcceptAnswer(await post(deps, THANK_YOU_PATHS.accept));
  } catch {
    return null;
  }
}
