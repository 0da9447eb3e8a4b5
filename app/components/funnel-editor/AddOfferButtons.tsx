import { Button, ButtonGroup } from "@shopify/polaris";
import { POST_PURCHASE_ROLES, type PostPurchaseRole } from "../../forms/funnel-form";
import { ROLE_NAMES } from "./editor-state";

/** A button for each post-purchase step the funnel does not have yet. */
export function AddOfferButtons({ present, onAdd }: { present: PostPurchaseRole[]; onAdd: (role: PostPurchaseRole) => void }) {
  const missing = POST_PURCHASE_ROLES.filter((role) => !present.includes(role));
  if (missing.length === 0) return null;
  return (
    <ButtonGroup>
      {missing.map((role) => (
        <Button key={role} onClick={() => onAdd(role)}>
          {`Add ${ROLE_NAMES[role].toLowerCase()}`}
        </Button>
      ))}
    </ButtonGroup>
  );
}
