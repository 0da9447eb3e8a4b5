// The one Node API the tests use beyond Vitest (app-origin.test.ts runs the
// bundle in a context without `process`), declared here because this program
// leaves @types/node out.
declare module "node:vm" {
  export function runInNewContext(code: string, contextObject?: object): unknown;
}
