/**
 * The page's client of the app server: the three calls of core's
 * post-purchase contract (packages/core/src/post-purchase-api.ts). Every
 * request is a JSON POST carrying Shopify's input token (`inputData.token`)
 * as the bearer token, which the server verifies; every call has a deadline,
 * because the buyer has already paid and must never wait on us.
 */
import {
  type EventRequest,
  type OfferRequest,
  POST_PURCHASE_PATHS,
  type PostPurchaseEventType,
  type PostPurchaseStep,
  type SignRequest,
  parseSignAnswer,
} from "@upstack/core";

/** ShouldRender runs while the buyer pays: one second at most. */
export const OFFER_TIMEOUT_MS = 1_000;
/** The buyer pressed the button and sees a spinner: generous, but not forever. */
export const SIGN_TIMEOUT_MS = 10_000;
const EVENT_TIMEOUT_MS = 5_000;

async function postJson(
  url: string,
  token: string,
  body: OfferRequest | SignRequest | EventRequest,
  timeoutMs: number,
  send: typeof fetch,
  readAnswer = true,
): Promise<unknown> {
  // The abort frees the connection; the race is what keeps the promise, even if a host ignores the signal.
  const controller = typeof AbortController === "function" ? new AbortController() : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort();
      reject(new Error(`No answer from ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const request = (async () => {
    const response = await send(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: controller?.signal,
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return readAnswer ? ((await response.json()) as unknown) : null;
  })();
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The purchase's offers, unparsed (ShouldRender stores the raw answer for Render); throws on any failure. */
export function requestOffers(origin: string, token: string, request: OfferRequest, send: typeof fetch = fetch): Promise<unknown> {
  return postJson(`${origin}${POST_PURCHASE_PATHS.offer}`, token, request, OFFER_TIMEOUT_MS, send);
}

export type AppClient = {
  /** The signed changeset token for this offer; throws on any failure. */
  sign(offerId: PostPurchaseStep): Promise<string>;
  /** Fire and forget: analytics never hold the buyer up, failures are swallowed. */
  record(offerId: PostPurchaseStep, type: PostPurchaseEventType): void;
};

export function createAppClient(origin: string, token: string, referenceId: string, send: typeof fetch = fetch): AppClient {
  return {
    async sign(offerId) {
      const request: SignRequest = { referenceId, offerId };
      const signed = parseSignAnswer(await postJson(`${origin}${POST_PURCHASE_PATHS.sign}`, token, request, SIGN_TIMEOUT_MS, send));
      if (!signed) throw new Error("The sign endpoint answered without a token");
      return signed;
    },
    record(offerId, type) {
      const request: EventRequest = { referenceId, offerId, type };
      postJson(`${origin}${POST_PURCHASE_PATHS.events}`, token, request, EVENT_TIMEOUT_MS, send, false).catch(() => {});
    },
  };
}
