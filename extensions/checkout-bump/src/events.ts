/**
 * Impressions, accepts and removes for the merchant's analytics, sent to the
 * app server without slowing the buyer: queued, then POSTed in one batch
 * FLUSH_DELAY_MS after the first event (at once after an accept), at most
 * MAX_EVENTS_PER_REQUEST per request, with the checkout session token.
 * Every failure is swallowed: analytics never disturb a purchase.
 *
 * Contract with the server (config.eventsUrl):
 *   POST, Authorization: Bearer <session token>, Content-Type: application/json
 *   { "checkoutToken": string, "events": [{ "type": "impression" | "accept" | "remove", "funnelId", "variantId" }] }
 * The checkout token lets the server count an impression once per checkout
 * even when both targets report it at the same moment; the server refuses
 * events without one, so a batch waits (a few FLUSH_DELAY_MS at most) until
 * the host knows the checkout's token.
 */
import type { Storage } from "@shopify/ui-extensions/checkout";

export type BumpEventType = "impression" | "accept" | "remove";
export type BumpEvent = { type: BumpEventType; funnelId: string; variantId: string };

export const MAX_EVENTS_PER_REQUEST = 20;
export const FLUSH_DELAY_MS = 2_000;
/** A checkout that somehow produces more is not worth the bandwidth: drop the rest. */
const MAX_QUEUED = 100;
/** How many flushes a batch waits for the checkout token before it is dropped. */
const MAX_WAITS_FOR_CHECKOUT_TOKEN = 15;
/** shopify.storage lives for one checkout and is shared by both targets: one impression per funnel per checkout. */
const SEEN_KEY = "upstack:impressions";

export type EventSink = {
  /** Where to send; undefined sends nothing (and queues nothing). Set on every render from the config. */
  setUrl(url: string | undefined): void;
  /** Queues an impression unless this funnel was already seen in this checkout. */
  impression(event: Omit<BumpEvent, "type">): Promise<void>;
  /** Queues an accept or remove; an accept is sent at once. */
  record(event: BumpEvent): void;
  flush(): Promise<void>;
};

export function createEventSink(deps: {
  token: () => Promise<string>;
  /** This checkout's token; the host may not know it yet. */
  checkoutToken: () => string | undefined;
  storage: Pick<Storage, "read" | "write">;
  /** Default: the global fetch when a batch is sent. */
  fetch?: typeof globalThis.fetch;
  delayMs?: number;
}): EventSink {
  let url: string | undefined;
  let queue: BumpEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitsForCheckoutToken = 0;
  const seen = new Set<string>();

  function schedule() {
    timer ??= setTimeout(() => void flush(), deps.delayMs ?? FLUSH_DELAY_MS);
  }

  async function flush() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const target = url;
    const batch = queue;
    queue = [];
    if (!target || batch.length === 0) return;
    const checkoutToken = deps.checkoutToken();
    if (!checkoutToken) {
      if (++waitsForCheckoutToken > MAX_WAITS_FOR_CHECKOUT_TOKEN) return;
      queue = batch;
      schedule();
      return;
    }
    // Taken now, not after the await: the fetch of the moment the batch was due.
    const send = deps.fetch ?? globalThis.fetch;
    try {
      const token = await deps.token();
      for (let i = 0; i < batch.length; i += MAX_EVENTS_PER_REQUEST) {
        await send(target, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
          body: JSON.stringify({
            checkoutToken,
            events: batch.slice(i, i + MAX_EVENTS_PER_REQUEST),
          }),
        });
      }
    } catch {
      // Offline, blocked or rejected: the events are lost, the checkout is not.
    }
  }

  function enqueue(event: BumpEvent, now: boolean) {
    if (!url || queue.length >= MAX_QUEUED) return;
    queue.push(event);
    if (now) void flush();
    else schedule();
  }

  return {
    setUrl(next) {
      url = next;
    },
    async impression({ funnelId, variantId }) {
      if (!url || seen.has(funnelId)) return;
      seen.add(funnelId);
      try {
        const stored = await deps.storage.read<unknown>(SEEN_KEY);
        const list = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === "string") : [];
        if (list.includes(funnelId)) return;
        await deps.storage.write(SEEN_KEY, [...list, funnelId]);
      } catch {
        // Storage is best effort; the in-memory set still dedupes this instance.
      }
      enqueue({ type: "impression", funnelId, variantId }, false);
    },
    record(event) {
      enqueue(event, event.type === "accept");
    },
    flush,
  };
}
