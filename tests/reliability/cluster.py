"""A PostgreSQL cluster of a test's own: initdb in a temporary folder, its own port,
never the shared server; as root it runs as the unprivileged `postgres` (or `nobody`)
user, since initdb refuses root."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.ports import free_port

__all__ = ["Cluster"]

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _bin(name: str) -> str:
    found = PG_BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.skip(f"{name} of PostgreSQL 15 not found (looked in {PG_BIN} and PATH)")
    return on_path


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run by an unprivileged user."""

    def __init__(self, port: int | None = None) -> None:
        self.port = free_port() if port is None else port  # by default a free one
        self.user = self._user()
        self.folder = Path(tempfile.mkdtemp(prefix="crm-reliability-pg-"))
        self.data = self.folder / "data"
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}"

    @staticmethod
    def _user() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None  # initdb refuses root only: anyone else runs it as themselves
        for name in ("postgres", "nobody"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        pytest.skip("running as root without a postgres or nobody user to run initdb as")

    def run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.user.pw_name, "--"] if self.user is not None else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, timeout=120, check=False, cwd=self.folder
        )
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"{command[0]} failed: {done.stderr.decode()} {tail}")

    def init(self) -> None:
        self.run(
            _bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self.run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            *args,
        )

    def remove(self) -> None:
        with contextlib.suppress(BaseException):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
