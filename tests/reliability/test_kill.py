"""kill -9: of the server during writes (every acknowledged write is kept) and of an
import (nothing of it is kept, no helper process outlives it, and running it again
finishes the job)."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text

from crm.transfer.importer import BULK_KEYS_ROWS
from tests.reliability.conftest import (
    CRM,
    Server,
    admin_token,
    alive,
    descendants,
    environment,
    long_variant,
)

CREATE_PERSON = """
mutation ($name: String!, $email: String!) {
  createPerson(input: {name: $name, email: $email}) { person { id } errors { code } }
}"""


def _sync_url(database_url: str) -> str:
    return database_url.replace("+aiosqlite", "").replace("+psycopg", "+psycopg")


def _scalar(database_url: str, sql: str) -> object:
    engine = create_sync_engine(_sync_url(database_url))
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _names(database_url: str) -> set[str]:
    engine = create_sync_engine(_sync_url(database_url))
    try:
        with engine.connect() as connection:
            return {str(n) for (n,) in connection.execute(text("SELECT email FROM person"))}
    finally:
        engine.dispose()


def test_every_write_the_server_acknowledged_survives_its_kill(
    backend: str, databases: object, server_factory: list[Server]
) -> None:
    database_url = databases.create(backend)  # type: ignore[attr-defined]
    token = admin_token(database_url)
    server = Server(database_url)
    server_factory.append(server)
    server.start()
    acknowledged: list[str] = []
    refused: list[str] = []
    stop = threading.Event()

    def writer(worker: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as http:
            for i in range(10_000):
                if stop.is_set():
                    return
                email = f"w{worker}-{i}@example.org"
                try:
                    response = http.post(
                        "/graphql",
                        json={
                            "query": CREATE_PERSON,
                            "variables": {"name": "陈建国", "email": email},
                        },
                    )
                except httpx.TransportError:
                    return  # the server is gone: this write was never acknowledged
                payload = response.json()["data"]["createPerson"]
                if response.status_code == 200 and payload["errors"] == []:
                    acknowledged.append(email)
                else:
                    refused.append(email)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()  # mid-flight: some requests are being written right now
    stop.set()
    for thread in threads:
        thread.join(30)
    assert len(acknowledged) >= 30, "the writes did not get going"
    assert refused == []
    kept = _names(database_url)
    assert set(acknowledged) <= kept, f"lost: {sorted(set(acknowledged) - kept)[:5]}"


def _people_file(path: Path, rows: int) -> Path:
    rng = random.Random(5)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "出生年份", "邮箱", "国家"])
    for i in range(rows):
        name = rng.choice("陈林黄张李王吴刘蔡杨") + rng.choice(
            ["建国", "志明", "美玲", "家豪", "淑芬"]
        )
        writer.writerow([name, 1950 + i % 50, f"talent{i}@example.org", "英国"])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_killed_import_keeps_nothing_leaves_no_process_and_runs_again(
    backend: str, databases: object, tmp_path: Path
) -> None:
    if backend == "sqlite":
        long_variant("the SQLite import (twice 5,500 rows)")
    database_url = databases.create(backend)  # type: ignore[attr-defined]
    rows = BULK_KEYS_ROWS + 500  # large enough for the helper process that derives keys
    people = _people_file(tmp_path / "people.csv", rows)
    command = [CRM, "import", "person", str(people)]
    env = environment(database_url)
    job = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    helpers: set[int] = set()
    try:
        # wait for the key worker (and multiprocessing's resource tracker), then a
        # little longer, so the kill comes in the middle of the writes
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and job.poll() is None:
            helpers = descendants(job.pid)
            if len(helpers) >= 2:
                break
            time.sleep(0.1)
        assert job.poll() is None, "the import ended before it could be killed"
        assert helpers, "the import started no helper process"
        time.sleep(1.0)
        helpers |= descendants(job.pid)
        os.kill(job.pid, signal.SIGKILL)  # the job alone, as `kill -9 PID` does
        job.wait(10)
        deadline = time.monotonic() + 15
        while alive(helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert alive(helpers) == set(), "helper processes outlived the killed import"
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
        for pid in alive(helpers):
            os.kill(pid, signal.SIGKILL)
    assert _scalar(database_url, "SELECT count(*) FROM person") == 0
    if backend == "postgresql":
        # the killed import's session is gone (its transaction rolled back)
        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(
            database_url.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
        ) as admin:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                (sessions,) = admin.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
                ).fetchone() or (0,)
                if sessions == 0:
                    break
                time.sleep(0.2)
    again = subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr.decode()
    assert _scalar(database_url, "SELECT count(*) FROM person") == rows
    assert _scalar(database_url, "SELECT count(DISTINCT entity_id) FROM name_key") == rows
