import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

/** The browser tests drive the production build, exactly what `npm run build` makes. */
export default function buildApp() {
  execFileSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: "pipe",
  });
}
