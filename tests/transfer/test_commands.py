"""`crm import` and `crm export` as a user runs them (SQLite; each command in its own process)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DatabaseFactory

CRM = str(Path(sys.executable).with_name("crm"))


def _run(url: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRM_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run(
        [CRM, *map(str, args)], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_import_and_export_commands(databases: DatabaseFactory, tmp_path: Path) -> None:
    url = databases.create("sqlite")
    organizations = tmp_path / "orgs.csv"
    organizations.write_bytes("名称,类型,国家\n中国科学院,研究院,中国\n".encode("gb18030"))
    assert _run(url, "import", "organisations", organizations).returncode == 0
    people = tmp_path / "people.csv"
    people.write_text(
        "姓名,Full English,单位,邮箱\n陳建國,Kin-Kwok Chan,中国科学院,kk@example.org\n"
        "李伟,,Nowhere,lw@example.org\n",
        encoding="utf-8-sig",
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("Full English: name_latin\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"

    dry = _run(url, "import", "person", people, "--mapping", mapping, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "1 would be created" in dry.stderr
    done = _run(url, "import", "person", people, "--mapping", mapping, "--rejects", rejects)
    assert done.returncode == 0, done.stderr
    assert "1 were created" in done.stderr
    with rejects.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["姓名", "Full English", "单位", "邮箱", "row", "reason"],
        ["李伟", "", "Nowhere", "lw@example.org", "3", "organization: no organisation 'Nowhere'"],
    ]
    unknown = _run(url, "import", "person", people, "--on-duplicate", "sometimes")
    assert unknown.returncode == 2

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert _run(url, "export", "dump", first).returncode == 0
    assert json.loads(first.read_text("utf-8"))["tables"]["person"]["rows"]
    empty = databases.create("sqlite")
    loaded = _run(empty, "import", "dump", first)
    assert loaded.returncode == 0, loaded.stderr
    assert _run(empty, "export", "dump", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert _run(url, "import", "dump", first).returncode == 2  # not an empty database

    assert _run(url, "export", "csv", tmp_path / "csv").returncode == 0
    assert (tmp_path / "csv" / "person.csv").exists()
    graph = _run(url, "export", "graph", tmp_path / "network.gexf")
    assert graph.returncode == 0, graph.stderr
