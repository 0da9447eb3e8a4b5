import { describe, expect, it } from "vitest";
import type { Funnel, Purchase } from "./funnel";
import { compareFunnelOrder, selectFunnel } from "./funnel-selection";
import { money } from "./money";
import { funnel, product } from "./test-fixtures";

const course = product("Course", 9700);
const mug = product("Mug", 1500);
const purchase: Purchase = {
  lines: [{ productId: course.productId, variantId: course.variantId, quantity: 1 }],
  subtotal: money(9700, "USD"),
};

/** Every ordering of a small list, so a test holds regardless of input order. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("selectFunnel", () => {
  it("picks the matching active funnel with the highest priority", () => {
    const low = funnel(course, { id: "low", priority: 1 });
    const high = funnel(course, { id: "high", priority: 5 });
    const other = funnel(mug, { id: "other-product", priority: 99 });
    for (const order of permutations([low, high, other])) {
      expect(selectFunnel(order, purchase)?.id).toBe("high");
    }
  });

  it("ignores draft, paused and archived funnels, however high their priority", () => {
    const active = funnel(course, { id: "active", priority: 0 });
    const others = (["draft", "paused", "archived"] as const).map((status) => funnel(course, { id: status, status, priority: 10 }));
    expect(selectFunnel([...others, active], purchase)?.id).toBe("active");
    expect(selectFunnel(others, purchase)).toBeNull();
  });

  it("returns null when nothing matches", () => {
    expect(selectFunnel([funnel(mug)], purchase)).toBeNull();
    expect(selectFunnel([], purchase)).toBeNull();
  });

  it("breaks priority ties by age, then by id, whatever the input order", () => {
    const candidates: Funnel[] = [
      funnel(course, { id: "b", priority: 3, createdAt: "2025-03-01T00:00:00Z" }),
      funnel(course, { id: "z", priority: 3, createdAt: "2025-02-01T00:00:00Z" }),
      funnel(course, { id: "a", priority: 3, createdAt: "2025-03-01T00:00:00Z" }),
      funnel(course, { id: "y", priority: 2, createdAt: "2020-01-01T00:00:00Z" }),
    ];
    for (const order of permutations(candidates)) {
      expect(selectFunnel(order, purchase)?.id).toBe("z");
    }
    const sameAge = candidates.filter((f) => f.id === "a" || f.id === "b");
    for (const order of permutations(sameAge)) expect(selectFunnel(order, purchase)?.id).toBe("a");
  });

  it("compares creation instants, not timestamp strings", () => {
    // 10:00+02:00 is 08:00Z: older than 09:00Z although it sorts later as text.
    const plusTwo = funnel(course, { id: "plus-two", createdAt: "2025-01-01T10:00:00+02:00" });
    const utc = funnel(course, { id: "utc", createdAt: "2025-01-01T09:00:00Z" });
    expect(selectFunnel([utc, plusTwo], purchase)?.id).toBe("plus-two");
    expect(selectFunnel([plusTwo, utc], purchase)?.id).toBe("plus-two");
  });
});

describe("compareFunnelOrder", () => {
  it("sorts by priority desc, createdAt asc, id asc, and puts broken dates last", () => {
    const list = [
      { id: "c", priority: 1, createdAt: "not a date" },
      { id: "b", priority: 1, createdAt: "2025-01-01T00:00:00Z" },
      { id: "a", priority: 1, createdAt: "2025-01-01T00:00:00Z" },
      { id: "d", priority: 7, createdAt: "2026-01-01T00:00:00Z" },
    ];
    expect([...list].sort(compareFunnelOrder).map((f) => f.id)).toEqual(["d", "a", "b", "c"]);
    expect([...list].reverse().sort(compareFunnelOrder).map((f) => f.id)).toEqual(["d", "a", "b", "c"]);
  });
});
