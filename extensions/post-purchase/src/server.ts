/**
 * Calls to the app server. Every request is a JSON POST carrying Shopify's
 * input token (`inputData.token`) as the bearer token, which the server
 * verifies; every call has a deadline, because the buyer has already paid
 * and must never wait on us.
 */
import type { PostPurchaseStep } from "@upstack/core";

/** ShouldRender runs while the buyer pays: one second at most. */
export const OFFER_TIMEOUT_MS = 1_000;
/** The buyer pressed the button and sees a spinner: generous, but not forever. */
export const SIGN_TIMEOUT_MS = 10_000;
const EVENT_TIMEOUT_MS = 5_000;

export type EventType = "impression" | "accept" | "decline";

export async function postJson(
  url: string,
  token: string,
  body: unknown,
  timeoutMs: number,
  send: typeof fetch = fetch,
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

export type Server = {
  /** The signed changeset token for this offer; throws on any failure. */
  sign(offerId: PostPurchaseStep): Promise<string>;
  /** Fire and forget: analytics never hold the buyer up, failures are swallowed. */
  record(offerId: PostPurchaseStep, type: EventType): void;
};

export function createServer(origin: string, token: string, referenceId: string, send: typeof fetch = fetch): Server {
  return {
    async sign(offerId) {
      const answer = await postJson(`${origin}/api/post-purchase/sign`, token, { referenceId, offerId }, SIGN_TIMEOUT_MS, send);
      const signed = typeof answer === "object" && answer !== null ? (answer as { token?: unknown }).token : undefined;
      if (typeof signed !== "string" || signed === "") throw new Error("The sign endpoint answered without a token");
      return signed;
    },
    record(offerId, type) {
      postJson(`${origin}/api/post-purchase/events`, token, { referenceId, offerId, type }, EVENT_TIMEOUT_MS, send, false).catch(
        () => {},
      );
    },
  };
}
