import { BlockStack, Box, Card, List, Text } from "@shopify/polaris";

/** No orders at all yet: what this page will show, and when. */
export function EmptyScoreboard({ reading }: { reading: boolean }) {
  return (
    <Card>
      <Box paddingBlock="400">
        <BlockStack gap="300">
          <Text as="h2" variant="headingLg">
            Your numbers appear here after your first orders
          </Text>
          <Text as="p">
            {reading
              ? "Upstack is still reading your past orders. When it finds some, or a buyer places a new order, this page shows:"
              : "No orders yet. Each new order shows up here within a minute or so, with:"}
          </Text>
          <List>
            <List.Item>your average order value, compared with before you installed Upstack</List.Item>
            <List.Item>the revenue your offers added, net of refunds</List.Item>
            <List.Item>how many orders included an accepted offer, and each offer&apos;s take rate</List.Item>
            <List.Item>with a holdout, how much more an order is worth when buyers see offers</List.Item>
          </List>
        </BlockStack>
      </Box>
    </Card>
  );
}
