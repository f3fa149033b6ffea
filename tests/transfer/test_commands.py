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


def _run(url: str, *args: str | Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRM_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run(
        [CRM, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        input=input,
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
    assert dry.returncode == 3, dry.stderr  # the dry run would reject 李伟
    assert "1 would be created" in dry.stderr
    done = _run(url, "import", "person", people, "--mapping", mapping, "--rejects", rejects)
    assert done.returncode == 3, done.stderr  # finished, with a rejected row
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


def test_rejects_and_start_row_number_rows_as_a_spreadsheet_does(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.create("sqlite")
    people = tmp_path / "people.csv"
    people.write_text(
        "姓名,国家\n甲,英国\n乙,中国\n丙,XX\n丁,美国\n", encoding="utf-8"
    )  # the third data row (丙) is row 4 of the sheet
    first = _run(url, "import", "person", people)
    assert first.returncode == 3
    assert "row 4: country: 'XX' is not a country" in first.stderr
    again = _run(url, "import", "person", people, "--start-row", "4")
    assert again.returncode == 3
    assert "2 rows" in again.stderr  # rows 4 and 5: 丙 (rejected again) and 丁 (skipped)
    assert "row 4: country" in again.stderr
    clean = tmp_path / "clean.csv"
    clean.write_text("姓名,国家\n戊,英国\n", encoding="utf-8")
    assert _run(url, "import", "person", clean).returncode == 0
    assert _run(url, "import", "person", clean, "--start-row", "1").returncode == 2


def test_import_help_names_every_entity_and_the_exit_status(
    databases: DatabaseFactory,
) -> None:
    from crm.transfer.entities import ENTITIES

    shown = _run(databases.create("sqlite"), "import", "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.replace("│", " ").split())
    for entity in ENTITIES:
        assert entity in text, entity
    assert "3 the import finished but rejected rows" in text
    assert "the header is row 1" in text


def test_version(databases: DatabaseFactory) -> None:
    from importlib.metadata import version

    shown = _run(databases.create("sqlite"), "--version")
    assert (shown.returncode, shown.stdout.strip()) == (0, f"crm {version('crm')}")


def test_export_csv_leaves_secrets_out_unless_asked(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.create("sqlite")
    assert _run(url, "user", "create", "lin", "--role", "liaison").returncode == 0
    password = _run(url, "user", "password", "lin", "--stdin", input="a long enough password\n")
    assert password.returncode == 0, password.stderr
    plain = _run(url, "export", "csv", tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr
    assert "left out: staff_user.password_hash, api_token.token_hash" in plain.stderr
    written = (tmp_path / "plain").glob("*.csv")
    headers = {p.stem: p.read_text("utf-8-sig").splitlines()[0].split(",") for p in written}
    assert "password_hash" not in headers["staff_user"]
    assert "token_hash" not in headers["api_token"]
    with (tmp_path / "plain" / "staff_user.csv").open(encoding="utf-8-sig") as f:
        assert [row["username"] for row in csv.DictReader(f)] == ["lin"]
    full = _run(url, "export", "csv", tmp_path / "full", "--include-secrets")
    assert full.returncode == 0, full.stderr
    with (tmp_path / "full" / "staff_user.csv").open(encoding="utf-8-sig") as f:
        (user,) = csv.DictReader(f)
    assert user["password_hash"].startswith("$argon2")
    with (tmp_path / "full" / "api_token.csv").open(encoding="utf-8-sig") as f:
        (token,) = csv.DictReader(f)
    assert len(token["token_hash"]) == 64
