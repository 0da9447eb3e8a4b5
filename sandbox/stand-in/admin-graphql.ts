import { http, HttpResponse } from "msw";
import { parse, getOperationAST } from "graphql";
import { assertResponseMatchesSchema } from "./graphql-schema";

type Call = { shop: string; operationName: string; variables: Record<string, unknown> | undefined };

/**
 * Shopify's Admin GraphQL API, stubbed at the HTTP boundary. Each answer is
 * keyed by operation name and checked against the vendored Admin schema for
 * the exact document the app sent, so a stub cannot drift from the real API.
 * The tests register it with their MSW server; the sandbox with its own.
 */
export function stubAdminGraphql(options: { onFailure?: (message: string) => void } = {}) {
  const answers = new Map<string, (variables: Record<string, unknown> | undefined) => unknown>();
  const calls: Call[] = [];
  const failures: string[] = [];
  const failed = (message: string) => {
    failures.push(message);
    options.onFailure?.(message);
  };

  const handler = http.post("https://:shop/admin/api/:version/graphql.json", async ({ request, params }) => {
      const { query, variables } = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      const operationName = getOperationAST(parse(query))?.name?.value ?? "(anonymous)";
      calls.push({ shop: String(params.shop), operationName, variables });
      if (params.version !== "2026-07") failed(`Admin API version ${params.version}, expected 2026-07`);
      const answer = answers.get(operationName);
      if (!answer) {
        failed(`No stubbed answer for ${operationName}`);
        return HttpResponse.json({ errors: [{ message: "unstubbed" }] }, { status: 500 });
      }
      const body = answer(variables);
      try {
        assertResponseMatchesSchema("admin", query, variables, body);
      } catch (error) {
        failed((error as Error).message);
        return HttpResponse.json({ errors: [{ message: "stub does not match schema" }] }, { status: 500 });
      }
      return HttpResponse.json(body as Record<string, unknown>);
    });

  return {
    /** Register with mswServer.use(handler) in beforeEach (handlers reset after each test). */
    handler,
    calls,
    failures,
    /** The answer to an operation: a response body, or a function of the request's variables. */
    answer(
      operationName: string,
      body: Record<string, unknown> | ((variables: Record<string, unknown> | undefined) => unknown),
    ) {
      answers.set(operationName, typeof body === "function" ? body : () => body);
    },
    reset() {
      answers.clear();
      calls.length = 0;
      failures.length = 0;
    },
  };
}
