/**
 * Upstack's post-purchase page: registers both extension points. The logic
 * lives in should-render.ts (during payment) and PostPurchasePage.tsx (the page).
 */
import { extend, render } from "@shopify/post-purchase-ui-extensions-react";
import { PostPurchasePage } from "./PostPurchasePage";
import { shouldRender } from "./should-render";

extend("Checkout::PostPurchase::ShouldRender", (api) => shouldRender(api));
render("Checkout::PostPurchase::Render", (api) => <PostPurchasePage api={api} />);
