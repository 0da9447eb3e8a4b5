/**
 * Checks our GraphQL against Shopify's real schemas (vendored introspection
 * results in vendor/shopify-graphql/, see its README; refresh them with
 * `npm run graphql:vendor-schemas`).
 *
 * - loadSchema(name): the Admin, Storefront or discount-Function schema.
 * - findGraphqlDocuments(rootDir): every GraphQL document under app/, extensions/
 *   and packages/: .graphql/.gql files, template literals starting with the
 *   `#graphql` marker, and gql`...` / graphql`...` tagged templates.
 * - validateDocument(schema, source): graphql-js validation as readable messages.
 * - assertResponseMatchesSchema(...): a stubbed (MSW) response must be exactly
 *   what the real API could answer for the document.
 *
 * Which schema a document is checked against follows from where it lives:
 * - extensions/<name>/ whose shopify.extension.toml says `type = "function"`
 *   -> "functions-discount" (our only Function is the discount Function);
 * - any other extension -> "storefront" (checkout UI extensions query the
 *   Storefront API);
 * - app/ and packages/ -> "admin".
 *
 * Override: a comment line `# schema: <admin|storefront|functions-discount>`
 * among the comment lines that open the document (after `#graphql`, if any):
 *
 *   const QUERY = `#graphql
 *     # schema: storefront
 *     query Products { products(first: 3) { nodes { id } } }`;
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { Kind, parse } from "graphql";
import ts from "typescript";
import { SCHEMA_NAMES, type SchemaName } from "../../sandbox/stand-in/graphql-schema";

// The schemas and the response check live with the sandbox's Admin API stand-in, which uses them too.
export {
  assertResponseMatchesSchema,
  loadSchema,
  SCHEMA_NAMES,
  SHOPIFY_API_VERSION,
  type SchemaName,
  validateDocument,
} from "../../sandbox/stand-in/graphql-schema";

export interface FoundDocument {
  /** Path relative to rootDir, with forward slashes. */
  file: string;
  /** 1-based line in `file` where the document starts. */
  line: number;
  source: string;
  schema: SchemaName;
  /** Set when the document can't be checked as is (e.g. it interpolates `${...}`). */
  problem?: string;
}

// ---------------------------------------------------------------------------
// Finding documents

const SEARCHED_DIRS = ["app", "extensions", "packages"];
const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "generated"]);
const GRAPHQL_EXTENSIONS = new Set([".graphql", ".gql"]);
const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};
const MARKER = /^\s*#graphql(?:\s|$)/;
const TAGS = new Set(["gql", "graphql"]);

export function findGraphqlDocuments(rootDir: string): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const dir of SEARCHED_DIRS) {
    for (const path of walk(join(rootDir, dir))) {
      const file = relative(rootDir, path).split(sep).join("/");
      const ext = extname(path);
      const text = readFileSync(path, "utf8");
      const raw: Omit<FoundDocument, "schema">[] = [];
      if (GRAPHQL_EXTENSIONS.has(ext)) {
        // A Function's schema.graphql (SDL written by the Shopify CLI) is not a document.
        if (!isSchemaDefinition(text)) raw.push({ file, line: 1, source: text });
      } else if (SCRIPT_KINDS[ext] !== undefined) {
        raw.push(...templateDocuments(file, text, SCRIPT_KINDS[ext]));
      }
      const schemaForPlace = schemaForLocation(rootDir, file);
      for (const doc of raw) found.push(withSchema(doc, schemaForPlace));
    }
  }
  return found;
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) yield* walk(path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

function isSchemaDefinition(text: string): boolean {
  try {
    const { definitions } = parse(text);
    return definitions.length > 0 && definitions.every((d) => !isExecutableKind(d.kind));
  } catch {
    return false; // Unparseable: keep it so validation reports the syntax error.
  }
}

function isExecutableKind(kind: Kind): boolean {
  return kind === Kind.OPERATION_DEFINITION || kind === Kind.FRAGMENT_DEFINITION;
}

/** Uses the TypeScript parser so strings, comments and nesting are never mistaken for templates. */
function templateDocuments(file: string, text: string, kind: ts.ScriptKind): Omit<FoundDocument, "schema">[] {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const docs: Omit<FoundDocument, "schema">[] = [];
  const take = (template: ts.TemplateLiteral) => {
    const line = sourceFile.getLineAndCharacterOfPosition(template.getStart(sourceFile)).line + 1;
    if (ts.isNoSubstitutionTemplateLiteral(template)) {
      docs.push({ file, line, source: template.text });
    } else {
      docs.push({
        file,
        line,
        source: template.getText(sourceFile).slice(1, -1),
        problem: "uses ${...} interpolation; GraphQL documents must be static so they can be validated",
      });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && TAGS.has(tagName(node.tag))) {
      take(node.template);
      return; // The template itself was taken; don't find it again below.
    }
    if (ts.isNoSubstitutionTemplateLiteral(node) && MARKER.test(node.text)) take(node);
    if (ts.isTemplateExpression(node) && MARKER.test(node.head.text)) take(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return docs;
}

function tagName(tag: ts.Expression): string {
  if (ts.isIdentifier(tag)) return tag.text;
  if (ts.isPropertyAccessExpression(tag)) return tag.name.text;
  return "";
}

function schemaForLocation(rootDir: string, file: string): SchemaName {
  const [top, extension] = file.split("/");
  if (top !== "extensions" || !extension) return "admin";
  const toml = join(rootDir, "extensions", extension, "shopify.extension.toml");
  const isFunction = existsSync(toml) && /^\s*type\s*=\s*["']function["']/m.test(readFileSync(toml, "utf8"));
  return isFunction ? "functions-discount" : "storefront";
}

function withSchema(doc: Omit<FoundDocument, "schema">, schema: SchemaName): FoundDocument {
  // Only the comment lines that open the document may carry the override.
  for (const rawLine of doc.source.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#graphql")) continue;
    if (!line.startsWith("#")) break;
    const override = /^#\s*schema:\s*(\S+)\s*$/.exec(line)?.[1];
    if (override === undefined) continue;
    if ((SCHEMA_NAMES as readonly string[]).includes(override)) return { ...doc, schema: override as SchemaName };
    return { ...doc, schema, problem: doc.problem ?? `unknown schema override "${override}" (use one of ${SCHEMA_NAMES.join(", ")})` };
  }
  return { ...doc, schema };
}
