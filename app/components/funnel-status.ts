import type { FunnelStatus } from "@upstack/core";

export const STATUS_BADGE: Record<FunnelStatus, { label: string; tone?: "success" | "attention" | "info" }> = {
  active: { label: "Active", tone: "success" },
  draft: { label: "Draft", tone: "info" },
  paused: { label: "Paused", tone: "attention" },
  archived: { label: "Archived" },
};
