/**
 * Checks a Function result the way Shopify reads it: coerced to the target's
 * result input type of the vendored 2026-07 schema, with graphql-js's
 * coerceInputValue (required fields, unknown fields, enums, Int, @oneOf).
 *
 * Two things a client schema cannot know are added here:
 * - @oneOf: the vendored introspection predates `isOneOf`, so the input types
 *   Shopify's SDL marks @oneOf are marked again before building the schema;
 * - Decimal: a custom scalar accepts anything in a client schema, while
 *   Shopify's is a decimal number sent as a string ("29.99").
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  coerceInputValue,
  getNullableType,
  GraphQLScalarType,
  isInputObjectType,
  isListType,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { SHOPIFY_API_VERSION } from "../../../tests/support/shopify-graphql";

/** @oneOf in Shopify's schema.graphql for the discount Function API (`shopify app function schema`). */
const ONE_OF_INPUTS = new Set(["CartOperation", "ProductDiscountCandidateTarget", "ProductDiscountCandidateValue"]);

let schema: GraphQLSchema | undefined;

export function functionSchema(): GraphQLSchema {
  if (schema) return schema;
  const file = new URL(`../../../vendor/shopify-graphql/${SHOPIFY_API_VERSION}/functions-discount.json.gz`, import.meta.url);
  const json = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
  const introspection = (json.data ?? json) as IntrospectionQuery;
  const types = introspection.__schema.types.map((type) =>
    type.kind === "INPUT_OBJECT" && ONE_OF_INPUTS.has(type.name) ? { ...type, isOneOf: true } : type,
  );
  const missing = [...ONE_OF_INPUTS].filter((name) => !types.some((type) => type.name === name));
  if (missing.length > 0) throw new Error(`@oneOf input types not in the schema any more: ${missing.join(", ")}`);
  schema = buildClientSchema({ __schema: { ...introspection.__schema, types } });
  return schema;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Every reason Shopify would reject `value` as a `typeName`; empty when it is valid. */
export function resultProblems(value: unknown, typeName = "CartLinesDiscountsGenerateRunResult"): string[] {
  const type = functionSchema().getType(typeName);
  if (!type || !isInputObjectType(type)) return [`${typeName} is not an input type of the schema`];
  const problems: string[] = [];
  coerceInputValue(value, type, (path, _invalid, error) => {
    problems.push(`${["result", ...path].join(".")}: ${error.message}`);
  });
  checkDecimals(type, value, "result", problems);
  return problems;
}

function checkDecimals(type: GraphQLInputType, value: unknown, path: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkDecimals(nullable.ofType, item, `${path}.${i}`, problems));
  } else if (isInputObjectType(nullable)) {
    if (typeof value !== "object") return; // coerceInputValue reports it
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value)) {
      const field = fields[key];
      if (field) checkDecimals(field.type, item, `${path}.${key}`, problems);
    }
  } else if (nullable instanceof GraphQLScalarType && nullable.name === "Decimal") {
    if (typeof value !== "string" || !DECIMAL.test(value)) {
      problems.push(`${path}: Decimal is sent as a string like "29.99", got ${JSON.stringify(value)}`);
    }
  }
}
