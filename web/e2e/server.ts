// The test server's life: a PostgreSQL database of the demo data, `crm serve` on it,
// staff accounts with known passwords, and the records the scenarios work on.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

export const ROOT = resolve(HERE, "..", "..");
export const STATE_FILE = resolve(HERE, "..", "artifacts", "e2e-state.json");
const CRM = resolve(ROOT, ".venv", "bin", "crm");
const PG = process.env.CRM_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** E2E_DATABASE_PREFIX lets parallel checkouts keep their test databases apart. */
const PREFIX = process.env.E2E_DATABASE_PREFIX ?? "crm_web_e2e";
if (!/^[a-z_][a-z0-9_]*$/.test(PREFIX)) throw new Error(`E2E_DATABASE_PREFIX must be a lower-case identifier: ${PREFIX}`);
export const DATABASE = `${PREFIX}_${process.pid}`;

export interface E2EState {
  baseURL: string;
  serverPid: number | null;
  database: string | null;
  accounts: Record<"liaison" | "analyst" | "admin", { username: string; password: string }>;
  person: { id: string; name: string; nameLatin: string; email: string };
  introduction: { id: string; purpose: string };
}

export function databaseUrl(name: string): string {
  const url = new URL(PG);
  url.pathname = `/${name}`;
  return url.toString();
}

export function psql(sql: string): void {
  const done = spawnSync("psql", [PG, "-qc", sql], { stdio: "inherit" });
  if (done.status !== 0) throw new Error(`psql failed: ${sql}`);
}

export function crm(args: string[], env: NodeJS.ProcessEnv): string {
  if (!existsSync(CRM)) throw new Error(`${CRM} is missing: run make .venv/.stamp-install`);
  const done = spawnSync(CRM, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (done.status !== 0) throw new Error(`crm ${args.join(" ")} failed:\n${done.stdout}\n${done.stderr}`);
  return done.stdout;
}

export function startServer(port: number, env: NodeJS.ProcessEnv): number {
  const child = spawn(CRM, ["serve", "--port", String(port), "--host", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  child.unref();
  if (!child.pid) throw new Error("crm serve did not start");
  return child.pid;
}

export async function waitFor(url: string, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

export function saveState(state: E2EState): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function loadState(): E2EState {
  return JSON.parse(readFileSync(STATE_FILE, "utf8")) as E2EState;
}

export function forgetState(): void {
  rmSync(STATE_FILE, { force: true });
}
