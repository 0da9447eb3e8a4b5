import { describe, expect, it } from "vitest";
import { experimentResults } from "./experiment-results";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 10, minute));

describe("experimentResults", () => {
  it("counts each purchase once in its arm, with its offer's revenue net of refunds (hand-computed)", () => {
    const results = experimentResults({
      arms: ["control", "b"],
      impressions: [
        { purchaseKey: "p1", arm: "control", occurredAt: at(1) },
        { purchaseKey: "p1", arm: "control", occurredAt: at(2) }, // the same purchase again: one exposure
        { purchaseKey: "p2", arm: "control", occurredAt: at(3) },
        { purchaseKey: "p3", arm: "b", occurredAt: at(4) },
        { purchaseKey: "p4", arm: "b", occurredAt: at(5) },
        { purchaseKey: "p5", arm: "b", occurredAt: at(6) },
      ],
      accepted: new Set(["p1", "p3", "p4"]),
      lines: [
        { purchaseKey: "p1", amount: 1800, refunded: 0 },
        { purchaseKey: "p3", amount: 1500, refunded: 1500 }, // refunded in full: taken, but earned nothing
        { purchaseKey: "p4", amount: 1500, refunded: 500 },
        { purchaseKey: "p4", amount: 300, refunded: 0 },
        { purchaseKey: "nobody-saw", amount: 9999, refunded: 0 }, // no impression: not exposed, not counted
      ],
    });
    expect(results.arms).toEqual([
      { key: "control", exposed: 2, accepts: 1, revenue: 1800, takeRate: 0.5, revenuePerExposure: 900 },
      { key: "b", exposed: 3, accepts: 2, revenue: 1300, takeRate: 2 / 3, revenuePerExposure: 1300 / 3 },
    ]);
    expect(results.verdict).toMatchObject({ status: "not_enough_data", horizon: 1000, remaining: [{ key: "control", remaining: 998 }, { key: "b", remaining: 997 }] });
  });

  it("declares the winner once every arm reaches the horizon, on the first exposures only", () => {
    const impressions = [];
    const lines = [];
    for (let i = 0; i < 120; i++) {
      impressions.push({ purchaseKey: `c${i}`, arm: "control", occurredAt: at(i % 60) });
      impressions.push({ purchaseKey: `b${i}`, arm: "b", occurredAt: at(i % 60) });
      if (i % 10 === 0) lines.push({ purchaseKey: `c${i}`, amount: 1000, refunded: 0 }); // 10% take, $10
      if (i % 2 === 0) lines.push({ purchaseKey: `b${i}`, amount: 1000, refunded: 0 }); // 50% take, $10
    }
    const results = experimentResults({ arms: ["control", "b"], impressions, accepted: new Set(), lines, horizon: 100 });
    expect(results.verdict.status).toBe("winner");
    expect(results.verdict.status === "winner" ? results.verdict.winner : null).toBe("b");
    expect(results.arms.map((arm) => arm.exposed)).toEqual([120, 120]);
  });
});
