import { useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";

/**
 * Navigation for the page's own links (the back arrow): App Bridge guards
 * admin's navigation while the save bar shows, but not the app's own routing,
 * so this asks App Bridge first. Its promise settles when the merchant
 * confirms leaving, or at once when nothing is unsaved; a merchant who stays
 * leaves it pending, and nothing happens.
 */
export function useLeaveConfirmedNavigate() {
  const shopify = useAppBridge();
  const navigate = useNavigate();
  return async (to: string) => {
    await shopify.saveBar.leaveConfirmation?.();
    navigate(to);
  };
}
