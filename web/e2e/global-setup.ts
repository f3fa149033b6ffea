// Creates the test database with the demo data, starts `crm serve` on it, and prepares
// the accounts and records the scenarios use (through the public API).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { FullConfig } from "@playwright/test";
import { DATABASE, STATE_FILE, crm, databaseUrl, psql, saveState, startServer, waitFor } from "./server";
import type { E2EState } from "./server";

async function graphql<T>(baseURL: string, token: string, query: string, variables: object = {}): Promise<T> {
  const response = await fetch(`${baseURL}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors) throw new Error(`setup query failed: ${JSON.stringify(body.errors ?? response.status)}`);
  return body.data as T;
}

function payload<T extends { errors: { message: string }[] }>(p: T): T {
  if (p.errors.length) throw new Error(`setup mutation refused: ${JSON.stringify(p.errors)}`);
  return p;
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  const external = process.env.E2E_BASE_URL;
  const port = Number(process.env.E2E_PORT ?? 8113);
  const baseURL = external ?? `http://127.0.0.1:${port}`;
  let database: string | null = null;
  let serverPid: number | null = null;
  let env: NodeJS.ProcessEnv = {};
  if (!external) {
    database = DATABASE;
    env = { CRM_DATABASE_URL: databaseUrl(database), CRM_ENV: "development", CRM_ACCESS_LOG: "false" };
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    psql(`CREATE DATABASE ${database}`);
    // Written before anything can fail, so the teardown drops what exists.
    saveState({ baseURL, serverPid, database } as E2EState);
    crm(["db", "upgrade"], env);
    crm(["seed", "demo"], env);
    // The rankings, communities and network pages need the whole-network metrics: the
    // server would compute them in the background while the first specs run.
    crm(["analyze"], env);
  }
  const stamp = Date.now().toString(36);
  const setupUser = `e2e-setup-${stamp}`;
  const token = crm(["user", "create", setupUser, "--role", "admin", "--days", "1"], external ? {} : env)
    .trim()
    .split("\n")
    .pop()!
    .trim();
  if (!external) {
    // The analysis above is the one the pages read. A run now happens in a child process
    // and no longer holds the server's event loop (tests/network/test_run_process.py),
    // but on 2 cores a recompute after the scenarios' writes still takes a core from the
    // browser for a minute or more, so the browser tests' server runs none.
    serverPid = startServer(port, { ...env, CRM_ANALYSIS_WORKER: "off" });
    saveState({ baseURL, serverPid, database } as E2EState);
  }
  await waitFor(`${baseURL}/healthz`, 120);

  const accounts = {
    liaison: { username: `e2e-liaison-${stamp}`, password: `liaison-${stamp}-pw`, role: "LIAISON", display: "林晓雯" },
    analyst: { username: `e2e-analyst-${stamp}`, password: `analyst-${stamp}-pw`, role: "ANALYST", display: "王析" },
    admin: { username: `e2e-admin-${stamp}`, password: `admin-${stamp}-pw`, role: "ADMIN", display: "赵管理" },
  } as const;
  const ids: Record<string, string> = {};
  for (const [key, a] of Object.entries(accounts)) {
    const r = await graphql<{ createUser: { user: { id: string } | null; errors: { message: string }[] } }>(
      baseURL,
      token,
      `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { message } } }`,
      { i: { username: a.username, displayName: a.display, role: a.role, password: a.password } },
    );
    ids[key] = payload(r.createUser).user!.id;
  }

  // A 陈 whose pinyin is Chen, owned by the liaison officer, due for a follow-up.
  const found = await graphql<{ people: { edges: { node: { id: string; version: number; name: string; nameLatin: string } }[] } }>(
    baseURL,
    token,
    `{ people(filter: {nameContains: "陈"}, first: 50) { edges { node { id version name nameLatin } } } }`,
  );
  const person = found.people.edges.map((e) => e.node).find((p) => p.name.startsWith("陈") && / Chen$/.test(p.nameLatin ?? ""));
  if (!person) throw new Error("the demo data has no 陈 … Chen");
  const email = `e2e.${stamp}@example.org`;
  payload(
    (
      await graphql<{ updatePerson: { errors: { message: string }[] } }>(
        baseURL,
        token,
        `mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { errors { message } } }`,
        { i: { id: person.id, expectedVersion: person.version, owner: ids.liaison, email, contactCadenceDays: 30 } },
      )
    ).updatePerson,
  );
  payload(
    (
      await graphql<{ createInteraction: { errors: { message: string }[] } }>(
        baseURL,
        token,
        `mutation($p: ID!) { createInteraction(input: {kind: MEETING, occurredAt: "2024-01-10T10:00:00+08:00",
           summary: "福州大会面谈", participants: [$p]}) { errors { message } } }`,
        { p: person.id },
      )
    ).createInteraction,
  );

  // An introduction of the liaison officer's person to an organisation, to move on the board.
  const org = await graphql<{ organizations: { edges: { node: { id: string } }[] } }>(
    baseURL,
    token,
    `{ organizations(first: 1) { edges { node { id } } } }`,
  );
  const purpose = `看板测试 ${stamp}`;
  const intro = await graphql<{ createIntroduction: { introduction: { id: string } | null; errors: { message: string }[] } }>(
    baseURL,
    token,
    `mutation($s: ID!, $o: ID!, $p: String!) { createIntroduction(input: {seeker: $s, targetOrganization: $o, purpose: $p}) {
       introduction { id } errors { message } } }`,
    { s: person.id, o: org.organizations.edges[0].node.id, p: purpose },
  );

  const state: E2EState = {
    baseURL,
    serverPid,
    database,
    accounts: {
      liaison: { username: accounts.liaison.username, password: accounts.liaison.password },
      analyst: { username: accounts.analyst.username, password: accounts.analyst.password },
      admin: { username: accounts.admin.username, password: accounts.admin.password },
    },
    person: { id: person.id, name: person.name, nameLatin: person.nameLatin, email },
    introduction: { id: payload(intro.createIntroduction).introduction!.id, purpose },
  };
  saveState(state);
  void config;
}
