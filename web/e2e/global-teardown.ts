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
    await new Promise((r) => setTimeout(r, 1500));
  }
  if (state.database) psql(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  forgetState();
}
