import { readdirSync, readFileSync } from "node:fs";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import {
  BUMP_DISCOUNT_FUNCTION_HANDLE,
  BUMP_OFFER_ATTRIBUTE,
  DISCOUNT_CONFIG_LIMIT_BYTES,
  PUBLISHED_METAFIELDS,
  parseDiscountConfig,
  parseMoney,
  utf8ByteLength,
} from "@upstack/core";
import { assertResponseMatchesSchema, SHOPIFY_API_VERSION, validateDocument } from "../../../tests/support/shopify-graphql";
import { resultProblems } from "../tests/function-result";
import {
  type CartInput,
  type CartLinesDiscountsGenerateRunResult,
  cartLinesDiscountsGenerateRun,
} from "./cart_lines_discounts_generate_run";
import * as entry from "./index";

const here = (path: string) => new URL(path, import.meta.url);
const QUERY = readFileSync(here("./cart_lines_discounts_generate_run.graphql"), "utf8");
const TOML = readFileSync(here("../shopify.extension.toml"), "utf8");
/** Shopify's cap on a Function's whole input, in bytes of JSON. */
const INPUT_LIMIT_BYTES = 64_000;

type Fixture = { description: string; input: CartInput; expectedOutput: CartLinesDiscountsGenerateRunResult };
const FIXTURES = readdirSync(here("../tests/fixtures/"))
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((file) => [file.replace(/\.json$/, ""), JSON.parse(readFileSync(here(`../tests/fixtures/${file}`), "utf8")) as Fixture] as const);

describe("extension configuration", () => {
  it("targets cart.lines.discounts.generate.run at API 2026-07 under the handle the server uses", () => {
    expect(TOML).toMatch(new RegExp(`^api_version = "${SHOPIFY_API_VERSION}"$`, "m"));
    expect(TOML).toMatch(new RegExp(`^handle = "${BUMP_DISCOUNT_FUNCTION_HANDLE}"$`, "m"));
    expect(TOML).toMatch(/^type = "function"$/m);
    expect(TOML).toMatch(/^\s*target = "cart\.lines\.discounts\.generate\.run"$/m);
    expect(TOML).toMatch(/^\s*input_query = "src\/cart_lines_discounts_generate_run\.graphql"$/m);
    // The CLI maps the kebab-case export to the camelCase function of src/index.
    expect(TOML).toMatch(/^\s*export = "cart-lines-discounts-generate-run"$/m);
    expect(entry.cartLinesDiscountsGenerateRun).toBe(cartLinesDiscountsGenerateRun);
  });

  it("reads the attribute and the metafield core names", () => {
    expect(QUERY).toContain(`attribute(key: "${BUMP_OFFER_ATTRIBUTE}")`);
    const { namespace, key } = PUBLISHED_METAFIELDS.discount;
    expect(QUERY).toContain(`metafield(namespace: "${namespace}", key: "${key}")`);
  });

  it("ships a schema.graphql for the CLI's typegen that agrees with the vendored schema", () => {
    const sdl = buildSchema(readFileSync(here("../schema.graphql"), "utf8"));
    expect(validateDocument(sdl, QUERY)).toEqual([]);
    expect(sdl.getType("CartLinesDiscountsGenerateRunResult")).toBeDefined();
  });
});

describe.each(FIXTURES)("fixture %s", (_name, fixture) => {
  it("is what Shopify could send: the input query's answer under the 2026-07 schema, within 64,000 bytes", () => {
    expect(fixture.description.length).toBeGreaterThan(20);
    expect(() => assertResponseMatchesSchema("functions-discount", QUERY, undefined, { data: fixture.input })).not.toThrow();
    expect(utf8ByteLength(JSON.stringify(fixture.input))).toBeLessThanOrEqual(INPUT_LIMIT_BYTES);
  });

  it("expects a result that coerces to CartLinesDiscountsGenerateRunResult", () => {
    expect(resultProblems(fixture.expectedOutput)).toEqual([]);
  });

  it("gets the expected result, without touching its input", () => {
    const input = structuredClone(fixture.input);
    expect(cartLinesDiscountsGenerateRun(input)).toEqual(fixture.expectedOutput);
    expect(input).toEqual(fixture.input);
  });

  it("discounts only configured bump variants, within their line's quantity, never below zero", () => {
    const config = parseDiscountConfig(fixture.input.discount.metafield?.jsonValue);
    const bumps = new Set(config?.f.map((funnel) => `gid://shopify/ProductVariant/${funnel.b}`));
    const currency = fixture.input.cart.cost.subtotalAmount.currencyCode;
    for (const operation of cartLinesDiscountsGenerateRun(fixture.input).operations) {
      for (const candidate of operation.productDiscountsAdd.candidates) {
        for (const { cartLine } of candidate.targets) {
          const line = fixture.input.cart.lines.find((l) => l.id === cartLine.id);
          expect(line).toBeDefined();
          expect(bumps.has(line?.merchandise.id ?? "")).toBe(true);
          expect(cartLine.quantity).toBeGreaterThanOrEqual(1);
          expect(cartLine.quantity).toBeLessThanOrEqual(line?.quantity ?? 0);
          if ("fixedAmount" in candidate.value) {
            const off = parseMoney(candidate.value.fixedAmount.amount, currency).amount;
            expect(off).toBeGreaterThan(0);
            expect(off).toBeLessThanOrEqual(parseMoney(line?.cost.amountPerQuantity.amount ?? "0", currency).amount);
          } else {
            expect(Number(candidate.value.percentage.value)).toBeGreaterThan(0);
            expect(Number(candidate.value.percentage.value)).toBeLessThanOrEqual(100);
          }
        }
      }
    }
  });
});

describe("cartLinesDiscountsGenerateRun", () => {
  const [, percentage] = FIXTURES.find(([name]) => name === "percentage-bump-with-core") ?? [];
  const withConfig = (jsonValue: unknown): CartInput => {
    const input = structuredClone(percentage as Fixture).input;
    input.discount.metafield = { jsonValue };
    return input;
  };

  it.each([
    ["a string that isn't JSON", "{not json"],
    ["the config as a JSON string", JSON.stringify((percentage as Fixture).input.discount.metafield?.jsonValue)],
    ["a number", 42],
    ["a list", []],
    ["null", null],
    ["an empty object", {}],
    ["funnels that aren't objects", { v: 1, c: "USD", m: "x", f: [null, 3] }],
    ["a negative fixed amount", { v: 1, c: "USD", m: "x", f: [{ b: 45123456789013, a: 1, q: 1, f: -500 }] }],
    ["an unsafe quantity", { v: 1, c: "USD", m: "x", f: [{ b: 45123456789013, a: 1, q: 2 ** 60, d: 10 }] }],
  ])("never throws on %s", (_what, jsonValue) => {
    expect(() => cartLinesDiscountsGenerateRun(withConfig(jsonValue))).not.toThrow();
  });

  it("accepts the config as a JSON string too (a json metafield read through value)", () => {
    const config = (percentage as Fixture).input.discount.metafield?.jsonValue;
    expect(cartLinesDiscountsGenerateRun(withConfig(JSON.stringify(config)))).toEqual((percentage as Fixture).expectedOutput);
  });

  it("fails closed on an amount that doesn't parse instead of counting the bump in the bounds", () => {
    const input = structuredClone(percentage as Fixture).input;
    const [, bumpLine] = input.cart.lines;
    if (bumpLine) bumpLine.cost.amountPerQuantity.amount = "19.999"; // more decimals than USD has
    expect(cartLinesDiscountsGenerateRun(input)).toEqual({ operations: [] });
  });

  it("leaves room for a full 10 KB config beside a 200-line cart in Shopify's 64,000-byte input", () => {
    const [, large] = FIXTURES.find(([, fixture]) => fixture.input.cart.lines.length === 200) ?? [];
    const input = (large as Fixture).input;
    const config = JSON.stringify(input.discount.metafield?.jsonValue);
    const worstCase = utf8ByteLength(JSON.stringify(input)) - utf8ByteLength(config) + DISCOUNT_CONFIG_LIMIT_BYTES;
    expect(worstCase).toBeLessThanOrEqual(INPUT_LIMIT_BYTES);
  });
});

describe("resultProblems (the output check itself)", () => {
  const candidate = {
    message: "Add-on offer",
    targets: [{ cartLine: { id: "gid://shopify/CartLine/2", quantity: 1 } }],
    value: { fixedAmount: { amount: "3.00", appliesToEachItem: true } },
  };
  const result = (candidates: unknown[], extra: Record<string, unknown> = {}) => ({
    operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates }, ...extra }],
  });

  it("accepts a valid result and an empty one", () => {
    expect(resultProblems(result([candidate]))).toEqual([]);
    expect(resultProblems({ operations: [] })).toEqual([]);
  });

  it.each([
    ["a missing selection strategy", { operations: [{ productDiscountsAdd: { candidates: [candidate] } }] }, "selectionStrategy"],
    ["an unknown selection strategy", { operations: [{ productDiscountsAdd: { selectionStrategy: "SOME", candidates: [candidate] } }] }, "SOME"],
    ["two operations in one CartOperation (@oneOf)", result([candidate], { orderDiscountsAdd: { selectionStrategy: "FIRST", candidates: [] } }), "Exactly one key"],
    ["a value with both a percentage and a fixed amount (@oneOf)", result([{ ...candidate, value: { percentage: { value: "10" }, fixedAmount: { amount: "1.00" } } }]), "Exactly one key"],
    ["a Decimal sent as a number", result([{ ...candidate, value: { fixedAmount: { amount: 3, appliesToEachItem: true } } }]), "Decimal is sent as a string"],
    ["a field the type doesn't have", result([{ ...candidate, price: "16.99" }]), 'Field "price" is not defined'],
    ["a fractional quantity", result([{ ...candidate, targets: [{ cartLine: { id: "gid://shopify/CartLine/2", quantity: 1.5 } }] }]), "Int cannot represent"],
  ])("rejects %s", (_what, value, message) => {
    expect(resultProblems(value).join("\n")).toContain(message);
  });
});
