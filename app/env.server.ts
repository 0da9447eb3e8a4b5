import { z } from "zod";
import { databaseTarget } from "./db/database-target.server";

const nonEmpty = (what: string) =>
  z.string({ error: `is missing (${what})` }).trim().min(1, { error: `is empty (${what})` });

const environmentSchema = z.object({
  SHOPIFY_API_KEY: nonEmpty("the app's Client ID from the Shopify Partner Dashboard"),
  SHOPIFY_API_SECRET: nonEmpty("the app's Client secret from the Shopify Partner Dashboard"),
  SHOPIFY_APP_URL: nonEmpty("the public https URL the app is served from").pipe(
    z.url({ protocol: /^https?$/, error: "is not an http(s) URL, e.g. https://upstack.example.com" }),
  ),
  SCOPES: z
    .string()
    .trim()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, { error: "must be comma-separated scopes, e.g. read_products,write_discounts" })
    .optional(),
  SHOP_CUSTOM_DOMAIN: z.string().trim().min(1).optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        databaseTarget(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^DATABASE_URL /, "") });
      }
    }),
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Upstack cannot start: fix these environment variables (see .env.example):\n${problems
        .map((problem) => `  - ${problem}`)
        .join("\n")}`,
    );
    this.name = "EnvironmentError";
  }
}

/** Parses the variables the server needs, naming every missing or malformed one at once. */
export function parseEnvironment(env: Record<string, string | undefined>): Environment {
  // An empty optional variable (SCOPES= in a .env file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = environmentSchema.safeParse(present);
  if (result.success) return result.data;
  throw new EnvironmentError(
    result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
  );
}
