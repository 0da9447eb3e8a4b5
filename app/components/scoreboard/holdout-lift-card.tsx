import { BlockStack, Card, Text } from "@shopify/polaris";
import { type HoldoutLift, formatMoneyDifference } from "@upstack/core";
import { formatCount } from "./format";

/**
 * The holdout lift in plain words: how much more an order is worth when
 * buyers see offers than when they are held out, with the 95% interval and
 * what it means, or why there is no number yet.
 */
export type HoldoutNumbers = {
  /** The merchant's holdout share, percent. */
  readonly percent: number;
  /** Treated vs held out, over the range's orders since the share was set, in the shop's currency. */
  readonly lift: HoldoutLift;
  readonly minOrdersPerSide: number;
};

export function HoldoutLiftCard({ holdout }: { holdout: HoldoutNumbers }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          Lift measured by the holdout
        </Text>
        <LiftBody holdout={holdout} />
      </BlockStack>
    </Card>
  );
}

function LiftBody({ holdout }: { holdout: HoldoutNumbers }) {
  const { lift } = holdout;
  if (holdout.percent === 0 && lift.holdoutOrders === 0) {
    return (
      <>
        <Text as="p" variant="heading2xl">
          Off
        </Text>
        <Text as="p" tone="subdued">
          No purchases are held out, so there is nothing to compare with. Hold out a share of purchases (10% is a good
          start): they see no offers, and the difference in order value is what Upstack really adds.
        </Text>
      </>
    );
  }
  if (!lift.lift) {
    return (
      <>
        <Text as="p" variant="heading2xl">
          Not enough data yet
        </Text>
        <Text as="p" tone="subdued">
          The lift is shown once both groups have {formatCount(holdout.minOrdersPerSide)} orders in {lift.currency}: so far{" "}
          {formatCount(lift.treatedOrders)} orders from buyers who saw offers and {formatCount(lift.holdoutOrders)} from
          buyers held out.
        </Text>
      </>
    );
  }
  const { estimate, low, high } = lift.lift;
  const money = (minor: number) => formatMoneyDifference(minor, lift.currency);
  return (
    <>
      <Text as="p" variant="heading2xl">
        {money(estimate)}
      </Text>
      <Text as="p">
        per order, with offers vs without. {verdict(low, high)}
      </Text>
      <Text as="p" tone="subdued">
        Orders from buyers who saw offers averaged {money(estimate)} against buyers held out (
        {formatCount(lift.treatedOrders)} vs {formatCount(lift.holdoutOrders)} orders). The true lift is likely between{" "}
        {money(low)} and {money(high)}: that range would catch it 95 times out of 100.
      </Text>
    </>
  );
}

function verdict(low: number, high: number): string {
  if (low > 0) return "Offers raise your average order value.";
  if (high < 0) return "Orders are smaller when buyers see offers: review your offers.";
  return "Too close to call: the range includes no change at all. More orders will narrow it.";
}
