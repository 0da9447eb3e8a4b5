import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertResponseMatchesSchema,
  findGraphqlDocuments,
  loadSchema,
  validateDocument,
  type FoundDocument,
  type SchemaName,
} from "../support/shopify-graphql";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** it.each with "%s" prints the whole name; "$name" would cut it at 40 characters. */
const named = <T extends { name: string }>(cases: T[]) => cases.map((c) => [c.name, c] as const);

describe("GraphQL documents in the repository", () => {
  const found = findGraphqlDocuments(repoRoot);
  const documents = found.filter((doc) => doc.problem === undefined);
  const problems = found.filter((doc) => doc.problem !== undefined);

  if (documents.length === 0) {
    it("finds no documents yet (the checks below prove the machinery works)", () => {
      expect(documents).toEqual([]);
    });
  } else {
    const cases = documents.map((doc) => [`${doc.file}:${doc.line}`, doc] as const);
    it.each(cases)("%s is valid against its schema", (_name, { schema, source }) => {
      expect(validateDocument(schema, source)).toEqual([]);
    });
  }

  it("has only static documents (no ${...} interpolation) and known schema overrides", () => {
    expect(problems.map((doc) => `${doc.file}:${doc.line}: ${doc.problem}`)).toEqual([]);
  });
});

const FUNCTION_INPUT = `query Input {
  cart { lines { id quantity cost { subtotalAmount { amount currencyCode } } } }
  discount { discountClasses }
}`;
const DISCOUNT_CREATE = `mutation CreateDiscount($discount: DiscountAutomaticAppInput!) {
  discountAutomaticAppCreate(automaticAppDiscount: $discount) {
    automaticAppDiscount { discountId }
    userErrors { field message }
  }
}`;

describe("validateDocument", () => {
  it.each(named<{ name: string; schema: SchemaName; source: string }>([
    { name: "an Admin shop query", schema: "admin", source: "query { shop { name currencyCode } }" },
    { name: "an Admin mutation with variables", schema: "admin", source: DISCOUNT_CREATE },
    { name: "a Storefront cart query", schema: "storefront", source: 'query { cart(id: "gid://shopify/Cart/1") { id } }' },
    { name: "the discount Function input query", schema: "functions-discount", source: FUNCTION_INPUT },
  ]))("accepts %s", (_name, { schema, source }) => {
    expect(validateDocument(schema, source)).toEqual([]);
  });

  it.each(named<{ name: string; schema: SchemaName; source: string; message: string }>([
    {
      name: "a field Shop doesn't have",
      schema: "admin",
      source: "query { shop { name notARealField } }",
      message: 'Cannot query field "notARealField" on type "Shop".',
    },
    {
      name: "a misspelt argument",
      schema: "admin",
      source: "query { products(frist: 3) { nodes { id } } }",
      message: 'Unknown argument "frist" on field "QueryRoot.products".',
    },
    {
      name: "a Storefront-only field sent to the Admin API",
      schema: "admin",
      source: 'query { cart(id: "gid://shopify/Cart/1") { id } }',
      message: 'Cannot query field "cart" on type "QueryRoot".',
    },
    {
      name: "an Admin-only field sent to the Storefront API",
      schema: "storefront",
      source: "query { shop { name currencyCode } }",
      message: 'Cannot query field "currencyCode" on type "Shop".',
    },
    {
      name: "the Function input query sent to the Admin API",
      schema: "admin",
      source: FUNCTION_INPUT,
      message: 'Cannot query field "discount" on type "QueryRoot".',
    },
    {
      name: "a Function input query with a wrong cart line field",
      schema: "functions-discount",
      source: "query Input { cart { lines { price } } }",
      message: 'Cannot query field "price" on type "CartLine".',
    },
    {
      name: "a mutation without its required variable type",
      schema: "admin",
      source: "mutation { discountAutomaticAppCreate { userErrors { message } } }",
      message: 'argument "automaticAppDiscount" of type "DiscountAutomaticAppInput!" is required',
    },
    {
      name: "a syntax error (returned, not thrown)",
      schema: "admin",
      source: "query { shop { name }",
      message: "Syntax Error: Expected Name, found <EOF>.",
    },
  ]))("rejects %s", (_name, { schema, source, message }) => {
    const errors = validateDocument(schema, source);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toContain(message);
    expect(errors.join("\n")).toMatch(/at document line:column \d+:\d+/);
  });

  it("accepts a schema object as well as a name", () => {
    expect(validateDocument(loadSchema("admin"), "{ shop { id } }")).toEqual([]);
    expect(loadSchema("admin")).toBe(loadSchema("admin")); // cached
  });
});

describe("findGraphqlDocuments", () => {
  let root = "";
  let found: FoundDocument[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "upstack-graphql-"));
    write("app/x.ts", "export const SHOP = `#graphql\n  query Shop { shop { name } }\n`;\n");
    write(
      "app/routes/interpolated.tsx",
      'const fields = "id";\n\nexport const Q = `#graphql\n  query Q { shop { ${fields} } }`;\n',
    );
    write("app/override.ts", "export const P = `#graphql\n  # schema: storefront\n  query P { shop { name } }`;\n");
    write("app/bad-override.ts", "export const B = `#graphql\n  # schema: partner\n  query B { shop { name } }`;\n");
    write(
      "app/not-graphql.ts",
      '// `#graphql query InComment { shop { id } }`\nexport const s = "`#graphql query InString { shop { id } }`";\nexport const t = `plain ${s}`;\n',
    );
    write("packages/core/src/tagged.ts", "declare const gql: (s: TemplateStringsArray) => string;\nexport const T = gql`\n  query Tagged { shop { id } }\n`;\n");
    write("extensions/fn/shopify.extension.toml", 'api_version = "2026-07"\n\n[[extensions]]\nname = "fn"\nhandle = "fn"\ntype = "function"\n');
    write("extensions/fn/src/run.graphql", "query Input {\n  cart { lines { id } }\n}\n");
    write("extensions/fn/schema.graphql", "schema { query: Input }\ntype Input { cart: String }\n");
    write("extensions/fn/generated/api.ts", "export const G = `#graphql query Generated { cart { lines { id } } }`;\n");
    write("extensions/ui/shopify.extension.toml", '[[extensions]]\nname = "ui"\nhandle = "ui"\ntype = "ui_extension"\n');
    write("extensions/ui/src/Checkout.tsx", "export const Q = `#graphql\n  query Products { products(first: 2) { nodes { id } } }\n`;\nexport const C = () => <div>{Q}</div>;\n");
    write("extensions/ui/node_modules/dep/index.js", "export const D = `#graphql query Dep { shop { id } }`;\n");
    found = findGraphqlDocuments(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(named<{ name: string; file: string; line: number; schema: SchemaName; contains: string }>([
    { name: "app/x.ts:1 for the admin schema", file: "app/x.ts", line: 1, schema: "admin", contains: "query Shop" },
    { name: "app/override.ts:1 for the storefront schema", file: "app/override.ts", line: 1, schema: "storefront", contains: "query P" },
    { name: "packages/core/src/tagged.ts:2 for the admin schema", file: "packages/core/src/tagged.ts", line: 2, schema: "admin", contains: "query Tagged" },
    { name: "extensions/fn/src/run.graphql:1 for the functions-discount schema", file: "extensions/fn/src/run.graphql", line: 1, schema: "functions-discount", contains: "query Input" },
    { name: "extensions/ui/src/Checkout.tsx:1 for the storefront schema", file: "extensions/ui/src/Checkout.tsx", line: 1, schema: "storefront", contains: "query Products" },
  ]))("finds %s", (_name, { file, line, schema, contains }) => {
    const matches = found.filter((doc) => doc.file === file);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ line, schema });
    expect(matches[0]?.problem).toBeUndefined();
    expect(matches[0]?.source).toContain(contains);
    expect(validateDocument(schema, matches[0]?.source ?? "")).toEqual([]);
  });

  it.each(named([
    { name: "an interpolated template", file: "app/routes/interpolated.tsx", line: 3, problem: "interpolation" },
    { name: "an unknown schema override", file: "app/bad-override.ts", line: 1, problem: 'unknown schema override "partner"' },
  ]))("reports %s as a problem", (_name, { file, line, problem }) => {
    const match = found.find((doc) => doc.file === file);
    expect(match?.line).toBe(line);
    expect(match?.problem).toContain(problem);
  });

  it("skips comments, strings, plain templates, SDL files, generated/ and node_modules/", () => {
    expect(found.map((doc) => doc.file).sort()).toEqual([
      "app/bad-override.ts",
      "app/override.ts",
      "app/routes/interpolated.tsx",
      "app/x.ts",
      "extensions/fn/src/run.graphql",
      "extensions/ui/src/Checkout.tsx",
      "packages/core/src/tagged.ts",
    ]);
  });
});

describe("assertResponseMatchesSchema", () => {
  const SHOP = "query Shop { shop { name currencyCode } }";
  const NODE = 'query Node { node(id: "gid://shopify/Product/1") { ... on Product { title } ... on Collection { handle } } }';

  it.each(named<{ name: string; schema: SchemaName; document: string; variables?: Record<string, unknown>; body: unknown }>([
    { name: "a shop query", schema: "admin", document: SHOP, body: { data: { shop: { name: "Upstack Demo", currencyCode: "EUR" } } } },
    {
      name: "aliases, read by response key",
      schema: "admin",
      document: "query { store: shop { title: name } }",
      body: { data: { store: { title: "Upstack Demo" } } },
    },
    {
      name: "a mutation with variables",
      schema: "admin",
      document: DISCOUNT_CREATE,
      variables: { discount: { title: "Bump", functionHandle: "fn", startsAt: "2026-01-01T00:00:00Z" } },
      body: {
        data: { discountAutomaticAppCreate: { automaticAppDiscount: { discountId: "gid://shopify/DiscountAutomaticNode/1" }, userErrors: [] } },
        extensions: { cost: { requestedQueryCost: 10 } },
      },
    },
    {
      name: "an interface resolved by __typename",
      schema: "admin",
      document: 'query { node(id: "gid://shopify/Product/1") { __typename ... on Product { title } } }',
      body: { data: { node: { __typename: "Product", title: "Socks" } } },
    },
    { name: "an interface resolved by the selected keys", schema: "admin", document: NODE, body: { data: { node: { handle: "sale" } } } },
    { name: "a nullable field that is null", schema: "admin", document: NODE, body: { data: { node: null } } },
    {
      name: "a Decimal sent as a string",
      schema: "storefront",
      document: 'query { cart(id: "gid://shopify/Cart/1") { cost { totalAmount { amount currencyCode } } } }',
      body: { data: { cart: { cost: { totalAmount: { amount: "10.5", currencyCode: "EUR" } } } } },
    },
    { name: "a top-level error without data", schema: "admin", document: SHOP, body: { errors: [{ message: "Throttled" }] } },
  ]))("accepts %s", (_name, { schema, document, variables, body }) => {
    expect(() => assertResponseMatchesSchema(schema, document, variables, body)).not.toThrow();
  });

  it.each(named<{ name: string; schema: SchemaName; document: string; body: unknown; message: string }>([
    {
      name: "a bad enum value",
      schema: "admin",
      document: SHOP,
      body: { data: { shop: { name: "Demo", currencyCode: "DOLLARS" } } },
      message: 'data.shop.currencyCode: Enum "CurrencyCode" cannot represent value: "DOLLARS"',
    },
    {
      name: "a missing non-null field",
      schema: "admin",
      document: SHOP,
      body: { data: { shop: { currencyCode: "EUR" } } },
      message: "data.shop.name: missing from the fixture",
    },
    {
      name: "a null non-null field",
      schema: "admin",
      document: SHOP,
      body: { data: { shop: { name: null, currencyCode: "EUR" } } },
      message: "Cannot return null for non-nullable field Shop.name.",
    },
    {
      name: "an extra field",
      schema: "admin",
      document: SHOP,
      body: { data: { shop: { name: "Demo", currencyCode: "EUR", email: "a@b.c" } } },
      message: "data.shop.email: not asked for by the document (extra field)",
    },
    {
      name: "a number where a String belongs",
      schema: "admin",
      document: SHOP,
      body: { data: { shop: { name: 5, currencyCode: "EUR" } } },
      message: 'data.shop.name: the API would send "5", fixture has 5',
    },
    {
      name: "a Decimal sent as a number",
      schema: "storefront",
      document: 'query { cart(id: "gid://shopify/Cart/1") { cost { totalAmount { amount currencyCode } } } }',
      body: { data: { cart: { cost: { totalAmount: { amount: 10.5, currencyCode: "EUR" } } } } },
      message: "data.cart.cost.totalAmount.amount: Decimal is sent as a string, got 10.5",
    },
    {
      name: "a __typename that isn't a possible type",
      schema: "admin",
      document: 'query { node(id: "gid://shopify/Product/1") { __typename ... on Product { title } } }',
      body: { data: { node: { __typename: "Bogus", title: "Socks" } } },
      message: "Bogus",
    },
    {
      name: "keys no possible type would send",
      schema: "admin",
      document: NODE,
      body: { data: { node: { title: "Socks", handle: "socks" } } },
      message: "data.node: no Node type selects exactly the keys {handle,title}",
    },
    {
      name: "a list where an object belongs",
      schema: "admin",
      document: SHOP,
      body: { data: { shop: [] } },
      message: "data.shop.name: parent is not an object",
    },
    { name: "no data and no errors", schema: "admin", document: SHOP, body: {}, message: "`data` is missing or null but there are no `errors`" },
    {
      name: "a document the schema rejects",
      schema: "storefront",
      document: SHOP,
      body: { data: { shop: { name: "Demo", currencyCode: "EUR" } } },
      message: 'Cannot query field "currencyCode" on type "Shop".',
    },
  ]))("rejects %s", (_name, { schema, document, body, message }) => {
    expect(() => assertResponseMatchesSchema(schema, document, undefined, body)).toThrow(message);
  });
});
