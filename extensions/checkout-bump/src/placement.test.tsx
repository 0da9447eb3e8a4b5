// @vitest-environment happy-dom
/**
 * One bump per checkout page when the merchant placed both the block and
 * the pay-button placement: the two targets as the host mounts them, each
 * in its own root, sharing one extension storage.
 */
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTIONS_FIRST_LOOK_MS, ActionsPlacement, BLOCK_HEARTBEAT_MS, BLOCK_CLAIM_KEY, BLOCK_STALE_MS, BlockPlacement } from "./placement";

function sharedStorage() {
  const values = new Map<string, unknown>();
  return {
    values,
    read: async <T,>(key: string) => (values.has(key) ? (values.get(key) as T) : null),
    write: async (key: string, data: unknown) => void values.set(key, data),
    delete: async (key: string) => void values.delete(key),
  };
}

let storage = sharedStorage();
const roots: HTMLElement[] = [];
function mount(target: "block" | "actions") {
  const root = document.createElement("div");
  document.body.append(root);
  roots.push(root);
  const Gate = target === "block" ? BlockPlacement : ActionsPlacement;
  render(
    <Gate storage={storage}>
      <s-text>bump in {target}</s-text>
    </Gate>,
    root,
  );
  return () => render(null, root);
}
const shown = () => [...document.body.querySelectorAll("s-text")].map((element) => element.textContent);
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  storage = sharedStorage();
});
afterEach(() => {
  for (const root of roots.splice(0)) {
    render(null, root);
    root.remove();
  }
  vi.useRealTimers();
});

describe("where the checkout bump shows", () => {
  it("shows once, in the block, when both placements load with the page, whichever mounts first", async () => {
    for (const order of [["actions", "block"], ["block", "actions"]] as const) {
      for (const target of order) mount(target);
      for (let elapsed = 0; elapsed < 5 * BLOCK_HEARTBEAT_MS; elapsed += 100) {
        await wait(100);
        expect(shown()).toEqual(["bump in block"]);
      }
      for (const root of roots.splice(0)) {
        render(null, root);
        root.remove();
      }
      storage = sharedStorage();
    }
  });

  it("shows above the pay button when no block is placed", async () => {
    mount("actions");
    expect(shown()).toEqual([]);
    await wait(ACTIONS_FIRST_LOOK_MS + 200); // effects run after the next frame
    expect(shown()).toEqual(["bump in actions"]);
  });

  it("moves to the pay button on a step without the block, within a heartbeat", async () => {
    const unmountBlock = mount("block");
    mount("actions");
    await wait(2 * BLOCK_HEARTBEAT_MS);
    expect(shown()).toEqual(["bump in block"]);
    unmountBlock();
    expect(storage.values.has(BLOCK_CLAIM_KEY)).toBe(false);
    await wait(BLOCK_HEARTBEAT_MS);
    expect(shown()).toEqual(["bump in actions"]);
  });

  it("does not wait forever for a block that vanished without releasing its claim", async () => {
    await storage.write(BLOCK_CLAIM_KEY, Date.now());
    mount("actions");
    await wait(ACTIONS_FIRST_LOOK_MS);
    expect(shown()).toEqual([]);
    await wait(BLOCK_STALE_MS + BLOCK_HEARTBEAT_MS);
    expect(shown()).toEqual(["bump in actions"]);
  });
});
