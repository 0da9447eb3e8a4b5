import { Card, FormLayout, Select, TextField } from "@shopify/polaris";
import type { FieldErrors } from "../../forms/funnel-form";
import type { EditorState } from "./editor-state";

/** The funnel's name, status and priority: what the merchant manages it by. */
export function FunnelDetailsCard({
  state,
  errors,
  onChange,
}: {
  state: Pick<EditorState, "name" | "status" | "priority">;
  errors: FieldErrors;
  onChange: (change: Partial<EditorState>) => void;
}) {
  return (
    <Card>
      <FormLayout>
        <TextField
          label="Funnel name"
          value={state.name}
          onChange={(name) => onChange({ name })}
          error={errors.name}
          autoComplete="off"
          helpText="Only you see this."
        />
        <FormLayout.Group>
          <Select
            label="Status"
            options={[
              { label: "Draft", value: "draft" },
              { label: "Active", value: "active" },
              { label: "Paused", value: "paused" },
            ]}
            value={state.status}
            onChange={(status) => onChange({ status: status as EditorState["status"] })}
          />
          <TextField
            label="Priority"
            type="number"
            value={state.priority}
            onChange={(priority) => onChange({ priority })}
            error={errors.priority}
            autoComplete="off"
            helpText="When several active funnels fit one order, the highest priority wins."
          />
        </FormLayout.Group>
      </FormLayout>
    </Card>
  );
}
