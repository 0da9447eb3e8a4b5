/**
 * One bump per checkout page, even when the merchant placed both targets:
 * the block (placed in the checkout editor, always rendered where placed)
 * wins, and the pay-button placement shows only while no block is showing.
 *
 * The two targets share nothing but `shopify.storage` (shared by every
 * target of this extension, for one checkout), so the block keeps a claim
 * there: written when it mounts and every BLOCK_HEARTBEAT_MS while mounted,
 * deleted when it unmounts. The pay-button placement reads the claim before
 * it first renders (ACTIONS_FIRST_LOOK_MS after mounting, so a block loading
 * with the page has claimed already) and again every BLOCK_HEARTBEAT_MS, and
 * steps aside while
 * a claim is fresher than BLOCK_STALE_MS (a block on another step, or one
 * that went away without deleting its claim, stops counting then).
 */
import type { Storage } from "@shopify/ui-extensions/checkout";
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

export const BLOCK_CLAIM_KEY = "upstack:bump-block";
export const BLOCK_HEARTBEAT_MS = 1_000;
export const BLOCK_STALE_MS = 3_000;
/** Both targets load with the page: the pay-button placement gives the block this long to claim before it first looks. */
export const ACTIONS_FIRST_LOOK_MS = 300;

type ClaimStorage = Pick<Storage, "read" | "write" | "delete">;

/** True when a block claimed the bump within BLOCK_STALE_MS of `now`. */
export async function blockIsShowing(storage: ClaimStorage, now = Date.now()): Promise<boolean> {
  try {
    const claim = await storage.read<unknown>(BLOCK_CLAIM_KEY);
    return typeof claim === "number" && now - claim < BLOCK_STALE_MS;
  } catch {
    return false; // no storage: better a bump twice than none
  }
}

/** The block's claim, kept fresh while it is mounted; the returned function releases it. */
export function claimForBlock(storage: ClaimStorage): () => void {
  const write = () => void storage.write(BLOCK_CLAIM_KEY, Date.now()).catch(() => {});
  write();
  const timer = setInterval(write, BLOCK_HEARTBEAT_MS);
  return () => {
    clearInterval(timer);
    void storage.delete(BLOCK_CLAIM_KEY).catch(() => {});
  };
}

/** The block target: claims the bump and renders it. */
export function BlockPlacement({ storage, children }: { storage: ClaimStorage; children: ComponentChildren }) {
  useEffect(() => claimForBlock(storage), [storage]);
  return <>{children}</>;
}

/** The pay-button target: renders the bump only while no block shows it; nothing until it has looked. */
export function ActionsPlacement({ storage, children }: { storage: ClaimStorage; children: ComponentChildren }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    let live = true;
    const look = async () => {
      const blocked = await blockIsShowing(storage);
      if (live) setShow(!blocked);
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      void look();
      timer = setInterval(() => void look(), BLOCK_HEARTBEAT_MS);
    }, ACTIONS_FIRST_LOOK_MS);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [storage]);
  return show ? <>{children}</> : null;
}
