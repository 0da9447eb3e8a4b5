import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseScoreboardRange, scoreboardCsv } from "@upstack/core";
import { loadScoreboard } from "../services/scoreboard.server";
import { authenticate } from "../shopify.server";

// GET /app/scoreboard.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the dashboard's
// per-day and per-offer figures for the range (both days included; the last
// 30 days without them), as a CSV download. A bad range is a 400 that says why.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = parseScoreboardRange({ from: url.searchParams.get("from"), to: url.searchParams.get("to") });
  if (!parsed.ok) {
    return new Response(parsed.reason, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const board = await loadScoreboard(session.shop, parsed.range);
  const first = board.range.from.slice(0, 10);
  const last = new Date(Date.parse(board.range.to) - 1).toISOString().slice(0, 10);
  return new Response(scoreboardCsv(board), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="upstack-scoreboard-${first}-to-${last}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
