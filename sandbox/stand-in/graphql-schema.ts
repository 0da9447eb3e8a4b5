/**
 * Shopify's real schemas (vendored introspection results in
 * vendor/shopify-graphql/, see its README) and the check that an answer to a
 * GraphQL document is exactly what the real API could send. Shared by the
 * tests' stubs (tests/support) and the sandbox's Admin API stand-in.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  executeSync,
  getDirectiveValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLAbstractType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type IntrospectionQuery,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";

export type SchemaName = "admin" | "storefront" | "functions-discount";
export const SCHEMA_NAMES: readonly SchemaName[] = ["admin", "storefront", "functions-discount"];
export const SHOPIFY_API_VERSION = "2026-07";

// Two levels up from here (sandbox/stand-in/) and from the bundled sandbox server (sandbox/.data/) is the repository.
const vendorDir = new URL(`../../vendor/shopify-graphql/${SHOPIFY_API_VERSION}/`, import.meta.url);
const schemaCache = new Map<SchemaName, GraphQLSchema>();

export function loadSchema(name: SchemaName): GraphQLSchema {
  let schema = schemaCache.get(name);
  if (!schema) {
    const json = JSON.parse(gunzipSync(readFileSync(new URL(`${name}.json.gz`, vendorDir))).toString("utf8"));
    // Shopify ships the raw HTTP answer ({ data: { __schema } }); accept a bare { __schema } too.
    const introspection = (json.data ?? json) as IntrospectionQuery;
    schema = buildClientSchema(introspection);
    schemaCache.set(name, schema);
  }
  return schema;
}

// ---------------------------------------------------------------------------
// Validating documents

export function validateDocument(schema: GraphQLSchema | SchemaName, source: string): string[] {
  const resolved = typeof schema === "string" ? loadSchema(schema) : schema;
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    if (error instanceof GraphQLError) return [describe(error)];
    throw error;
  }
  return validate(resolved, document).map(describe);
}

function describe(error: GraphQLError): string {
  const where = (error.locations ?? []).map((l) => `${l.line}:${l.column}`).join(", ");
  return where ? `${error.message} (at document line:column ${where})` : error.message;
}

// ---------------------------------------------------------------------------
// Checking stubbed responses

/** Custom scalars Shopify sends as something other than a string. */
const NON_STRING_SCALARS = new Set(["JSON", "Void"]);

/**
 * Throws unless `responseBody` is exactly what Shopify could answer for `document`:
 * the document is executed against the real schema, reading each field from the
 * fixture by its response key, and the result must equal the fixture's data. So a
 * missing non-null field, a wrong enum or scalar value, or a field the document
 * didn't ask for all fail. Top-level `errors` are allowed (with null or partial data).
 *
 * Abstract types are resolved by the fixture's `__typename`; without one, by the
 * only possible type whose selected fields match the fixture's keys.
 */
export function assertResponseMatchesSchema(
  schemaName: SchemaName,
  document: string,
  variables: Record<string, unknown> | undefined,
  responseBody: unknown,
  operationName?: string,
): void {
  const invalid = validateDocument(schemaName, document);
  if (invalid.length > 0) fail(schemaName, document, ["the document itself is invalid:", ...invalid]);

  const problems: string[] = [];
  if (!isRecord(responseBody)) fail(schemaName, document, ["the response body is not a JSON object"]);
  const { data, errors, ...rest } = responseBody;
  const extra = Object.keys(rest).filter((key) => key !== "extensions");
  if (extra.length > 0) problems.push(`unexpected top-level keys: ${extra.join(", ")}`);
  const hasErrors = errors !== undefined;
  if (hasErrors && !(Array.isArray(errors) && errors.length > 0 && errors.every((e) => isRecord(e) && typeof e.message === "string"))) {
    problems.push("`errors` must be a non-empty array of objects with a string `message`");
  }
  if (data === undefined || data === null) {
    if (!hasErrors) problems.push("`data` is missing or null but there are no `errors`");
    if (problems.length > 0) fail(schemaName, document, problems);
    return;
  }
  if (!isRecord(data)) fail(schemaName, document, [...problems, "`data` is not an object"]);

  const schema = loadSchema(schemaName);
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
    const key = info.path.key as string;
    if (!isRecord(source)) {
      problems.push(`${pathOf(info)}: parent is not an object`);
      return undefined;
    }
    if (!(key in source)) {
      problems.push(`${pathOf(info)}: missing from the fixture`);
      return undefined;
    }
    checkCustomScalars(info.returnType, source[key], pathOf(info), problems);
    return source[key];
  };
  const typeResolver: GraphQLTypeResolver<unknown, unknown> = (value, _context, info, abstractType) =>
    resolveType(schema, value, info, abstractType, problems);

  const result = executeSync({
    schema,
    document: parse(document),
    rootValue: data,
    variableValues: variables,
    operationName,
    fieldResolver,
    typeResolver,
  });
  for (const error of result.errors ?? []) {
    // With top-level errors, Shopify nulls out fields it couldn't resolve; that is consistent.
    if (hasErrors && error.message.startsWith("Cannot return null for non-nullable field")) continue;
    problems.push(`${error.path ? `data.${formatPath(error.path)}: ` : ""}${error.message}`);
  }
  // Null propagation after an error would make the diff noise, so diff only a clean run.
  if (problems.length === 0) diff(result.data ?? null, data, "data", problems);
  if (problems.length > 0) fail(schemaName, document, problems);
}

function resolveType(
  schema: GraphQLSchema,
  value: unknown,
  info: GraphQLResolveInfo,
  abstractType: GraphQLAbstractType,
  problems: string[],
): string | undefined {
  if (!isRecord(value)) return undefined; // graphql-js reports the wrong shape.
  if (typeof value.__typename === "string") return value.__typename;
  // No __typename asked for: find the possible type whose selections give exactly these keys.
  const keys = Object.keys(value).sort().join(",");
  const fits = schema
    .getPossibleTypes(abstractType)
    .filter((type) => [...responseKeys(schema, info, info.fieldNodes, type)].sort().join(",") === keys);
  if (fits.length === 0) {
    problems.push(`${pathOf(info)}: no ${abstractType.name} type selects exactly the keys {${keys}}`);
    return undefined;
  }
  // Several types fitting means the client can't tell them apart either; take the first.
  return fits[0]?.name;
}

function responseKeys(
  schema: GraphQLSchema,
  info: GraphQLResolveInfo,
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
): Set<string> {
  const keys = new Set<string>();
  const applies = (condition: string | undefined) => {
    if (condition === undefined || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };
  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) keys.add(selection.alias?.value ?? selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) collect(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) collect(fragment.selectionSet);
      }
    }
  };
  for (const node of fieldNodes) collect(node.selectionSet);
  return keys;
}

/** Built client schemas pass custom scalars through untouched; Shopify sends them as strings. */
function checkCustomScalars(type: GraphQLOutputType, value: unknown, path: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkCustomScalars(nullable.ofType, item, `${path}[${i}]`, problems));
    return;
  }
  const named = getNamedType(nullable);
  if (!isScalarType(named) || isSpecifiedScalarType(named) || NON_STRING_SCALARS.has(named.name)) return;
  if (typeof value !== "string") problems.push(`${path}: ${named.name} is sent as a string, got ${JSON.stringify(value)}`);
}

/** Lists every difference between what the schema produced and the fixture. */
function diff(expected: unknown, actual: unknown, path: string, problems: string[]): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      problems.push(`${path}: expected ${JSON.stringify(expected)}, fixture has ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((item, i) => diff(item, actual[i], `${path}[${i}]`, problems));
  } else if (expected !== null && typeof expected === "object") {
    if (!isRecord(actual)) {
      problems.push(`${path}: expected an object, fixture has ${JSON.stringify(actual)}`);
      return;
    }
    const expectedObject = expected as Record<string, unknown>;
    for (const key of Object.keys(actual)) {
      if (!(key in expectedObject)) problems.push(`${path}.${key}: not asked for by the document (extra field)`);
    }
    for (const key of Object.keys(expectedObject)) {
      if (!(key in actual)) problems.push(`${path}.${key}: missing from the fixture`);
      else diff(expectedObject[key], actual[key], `${path}.${key}`, problems);
    }
  } else if (expected !== actual) {
    problems.push(`${path}: the API would send ${JSON.stringify(expected)}, fixture has ${JSON.stringify(actual)}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return `data.${formatPath(parts)}`;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

function fail(schemaName: SchemaName, document: string, problems: string[]): never {
  const name = /\b(query|mutation|subscription)\s+(\w+)/.exec(document)?.[2] ?? "(anonymous operation)";
  throw new Error(
    `Stubbed ${schemaName} response for ${name} is not what Shopify could return:\n` +
      problems.map((p) => `  - ${p}`).join("\n"),
  );
}
