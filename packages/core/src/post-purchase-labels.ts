/**
 * The post-purchase page's accept and decline buttons. Shopify's review asks
 * for preset accept/decline options the merchant cannot rewrite, so a funnel
 * picks one of these pairs by id and every surface shows the pair's words:
 * the page in the buyer's language (its locale files), the admin preview in
 * English (POST_PURCHASE_LABELS below, which the page's English file matches).
 */

export const POST_PURCHASE_LABEL_PAIRS = ["add_to_my_order", "yes_add_it", "accept_offer"] as const;
export type PostPurchaseLabelPair = (typeof POST_PURCHASE_LABEL_PAIRS)[number];

/** "Add to my order" tends to be accepted most often (the playbook), so it is the default. */
export const DEFAULT_POST_PURCHASE_LABEL_PAIR: PostPurchaseLabelPair = "add_to_my_order";

export const POST_PURCHASE_LABELS: Record<PostPurchaseLabelPair, { accept: string; decline: string }> = {
  add_to_my_order: { accept: "Add to my order", decline: "No thanks" },
  yes_add_it: { accept: "Yes, add it", decline: "No, continue" },
  accept_offer: { accept: "Accept offer", decline: "Decline offer" },
};

export function isPostPurchaseLabelPair(value: unknown): value is PostPurchaseLabelPair {
  return typeof value === "string" && (POST_PURCHASE_LABEL_PAIRS as readonly string[]).includes(value);
}

/**
 * The pair nearest to labels a merchant once typed freely (funnels saved
 * before the pairs existed): the same accept words, else the pair whose
 * accept shares a telling word ("yes", "accept"), else the default.
 */
export function nearestLabelPair(acceptLabel: string): PostPurchaseLabelPair {
  const words = acceptLabel.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const exact = POST_PURCHASE_LABEL_PAIRS.find(
    (pair) => POST_PURCHASE_LABELS[pair].accept.toLowerCase().split(/[^a-z]+/).filter(Boolean).join(" ") === words.join(" "),
  );
  if (exact) return exact;
  if (words.includes("yes")) return "yes_add_it";
  if (words.includes("accept") || words.includes("claim")) return "accept_offer";
  return DEFAULT_POST_PURCHASE_LABEL_PAIR;
}
