"""PostgreSQL restarts (an immediate shutdown: crash recovery) under a load of writes
and reads: the server keeps answering, takes writes again once the database is back,
without being restarted itself, and every write it acknowledged is kept.

The cluster is the test's own (initdb in a temporary folder, its own port), never the
shared server; as root it runs as the unprivileged `postgres` (or `nobody`) user.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest

from crm.db import migrate
from crm.settings import Settings
from tests.reliability.cluster import Cluster
from tests.reliability.conftest import Server, admin_token

CREATE_PERSON = """
mutation ($email: String!) {
  createPerson(input: {name: "陈建国", email: $email}) { person { id } errors { code } }
}"""
READ_PEOPLE = "{ people(first: 5) { edges { node { id name } } } }"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    found = Cluster()
    try:
        found.init()
        found.pg_ctl("start")
        yield found
    finally:
        found.remove()


@dataclass
class Load:
    """Writers and readers against a server; what each request came back with."""

    url: str
    token: str
    acknowledged: list[str] = field(default_factory=list)
    #: (monotonic time, outcome) of each request
    outcomes: list[tuple[float, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, worker: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=60) as http:
            for i in range(100_000):
                if self.stop.is_set():
                    return
                email = f"w{worker}-{i}@example.org"
                write = i % 2 == 0
                body = (
                    {"query": CREATE_PERSON, "variables": {"email": email}}
                    if write
                    else {"query": READ_PEOPLE}
                )
                try:
                    response = http.post("/graphql", json=body)
                except httpx.TransportError as error:
                    self.outcomes.append((time.monotonic(), f"transport: {type(error).__name__}"))
                    continue
                self.outcomes.append((time.monotonic(), self._outcome(response)))
                if write and self.outcomes[-1][1] == "ok":
                    self.acknowledged.append(email)

    @staticmethod
    def _outcome(response: httpx.Response) -> str:
        if response.status_code >= 500:
            return f"http {response.status_code}"
        body = response.json()
        if body.get("errors"):
            return "graphql: " + str(body["errors"][0].get("extensions", {}).get("code"))
        payload = next(iter(body["data"].values()))
        if isinstance(payload, dict) and payload.get("errors"):
            return "user error: " + payload["errors"][0]["code"]
        return "ok"


def test_the_server_rides_out_a_postgresql_restart_under_load(
    cluster: Cluster, server_factory: list[Server]
) -> None:
    with psycopg.connect(cluster.url + "/postgres", autocommit=True) as admin:
        admin.execute("CREATE DATABASE crm")
    database_url = Settings(database_url=cluster.url + "/crm").database_url
    migrate.upgrade(database_url)
    token = admin_token(database_url)
    server = Server(database_url)
    server_factory.append(server)
    server.start()
    load = Load(server.url, token)
    threads = [threading.Thread(target=load.run, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while len(load.acknowledged) < 10 and time.monotonic() < deadline:
            time.sleep(0.1)
        restarting = time.monotonic()
        cluster.pg_ctl("restart", "-m", "immediate")  # crash recovery on the way up
        back = time.monotonic()
        # load goes on until writes have succeeded again for a while (or 60 s)
        deadline = back + 60
        while time.monotonic() < deadline:
            recent = [o for t, o in load.outcomes if t > back + 1]
            if sum(o == "ok" for o in recent) >= 40:
                break
            time.sleep(0.2)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(60)
    assert server.process is not None
    assert server.process.poll() is None, "the server died"
    before = [o for t, o in load.outcomes if t < restarting]
    after = [o for t, o in load.outcomes if t > back + 1]
    assert len(load.acknowledged) >= 10, Counter(before)
    assert set(before) == {"ok"}, Counter(before)
    # a second after PostgreSQL is back, every request succeeds again (the pool tests
    # each connection before use and drops the ones of the old server)
    assert len(after) >= 40, Counter(after)
    assert set(after) == {"ok"}, Counter(after)
    # while it was down: answers (errors, no hung or dropped connections)
    during = [o for t, o in load.outcomes if restarting <= t <= back + 1]
    assert not [o for o in during if o.startswith("transport")], Counter(during)
    with psycopg.connect(cluster.url + "/crm") as check:
        kept = {str(e) for (e,) in check.execute("SELECT email FROM person")}
    lost = set(load.acknowledged) - kept
    assert not lost, f"{len(lost)} acknowledged writes lost, e.g. {sorted(lost)[:3]}"
