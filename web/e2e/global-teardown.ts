// Stops the test server and drops its database.
import { existsSync } from "node:fs";
import { STATE_FILE, forgetState, loadState, psql } from "./server";

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const state = loadState();
  if (state.serverPid) {
    try {
      process.kill(-state.serverPid, "SIGTERM");
    } catch {
      // already gone
    }
    // Let it close its database connections before the database goes.
    for (let i = 0; i < 40 && alive(state.serverPid); i++) await new Promise((r) => setTimeout(r, 250));
  }
  if (state.database) psql(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  forgetState();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
