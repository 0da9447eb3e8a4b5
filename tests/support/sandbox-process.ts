import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export type SandboxProcess = {
  /** The one URL it printed (the admin frame). */
  url: string;
  /** Everything it printed so far. */
  output: () => string;
  /** Its data folder: database, demo shop state, app secret. */
  dataDir: string;
  stop: () => Promise<void>;
};

/**
 * `npm run sandbox` (scripts/sandbox.mjs) as a newcomer runs it, on a fresh
 * temporary data folder and a free port; resolves once it prints its URL.
 */
export function startSandboxProcess(): Promise<SandboxProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "upstack-sandbox-"));
  // The test run's app credentials, database and NODE_ENV are not the sandbox's (it would refuse them).
  const inherited = Object.entries(process.env).filter(
    ([name]) => !["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES", "DATABASE_URL", "NODE_ENV"].includes(name),
  );
  const env: Record<string, string | undefined> = { ...Object.fromEntries(inherited), SANDBOX_DATA_DIR: dataDir, SANDBOX_PORT: "0" };
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts", "sandbox.mjs")], {
    cwd: root,
    env: env as NodeJS.ProcessEnv, // no NODE_ENV: the sandbox is not production
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = async () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const printed = /Upstack sandbox: (http:\/\/\S+)/.exec(output)?.[1];
      if (printed) resolve({ url: printed, output: () => output, dataDir, stop });
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", (code: number | null) => {
      rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`npm run sandbox exited with ${code}:\n${output}`));
    });
  });
}
