"""The one place that reads configuration: environment variables prefixed CRM_."""

from __future__ import annotations

import hashlib
import os
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from tempfile import gettempdir
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_SQLITE_PATH = Path("var") / "crm.sqlite3"
#: the checkout the package runs from (pyproject.toml, web/, var/)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
_ORIGIN = re.compile(
    r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?/?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?/?"
)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


def normalize_database_url(url: str) -> str:
    """Give plain SQLite and PostgreSQL URLs the async driver this app runs on.

    >>> normalize_database_url("postgresql://postgres@127.0.0.1/crm")
    'postgresql+psycopg://postgres@127.0.0.1/crm'
    >>> normalize_database_url("sqlite:///var/crm.sqlite3")
    'sqlite+aiosqlite:///var/crm.sqlite3'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL: {url!r}")
    base = scheme.split("+", 1)[0].lower()
    if base in {"postgresql", "postgres"}:
        return f"postgresql+psycopg://{rest}"
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    raise ValueError(f"unsupported database {scheme!r}: use sqlite:// or postgresql://")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"
    host: str = "127.0.0.1"
    port: int = 8000
    env: Environment = Environment.DEVELOPMENT
    log_level: str = "info"
    #: server processes of `crm serve` (each binds the port with SO_REUSEPORT)
    workers: int = 1
    #: one log line per request (uvicorn's access log)
    access_log: bool = True
    #: `crm serve`: take what start-up allocated out of the garbage collector's sight
    gc_freeze: bool = True
    #: PostgreSQL: a request's sessions share one pooled connection (crm/db/session.py)
    request_connection: bool = True
    #: how long SQLite waits for a lock before giving up, in milliseconds
    sqlite_busy_timeout_ms: int = 5000
    #: connections kept open per process on PostgreSQL
    pool_size: int = 10
    #: test a pooled connection with a round trip before each use (once per request);
    #: off by default: a request's reads retry once on a fresh connection instead
    #: (crm/db/session.py), and connections idle for `pool_ping_idle_seconds` are tested
    pool_pre_ping: bool = False
    #: a pooled connection unused for longer than this is tested before use (a database
    #: restarted while the server was quiet); 0: never
    pool_ping_idle_seconds: float = 10.0
    #: PostgreSQL cancels any statement of an API request running longer than this
    #: (milliseconds)
    statement_timeout_ms: int = 30_000
    #: … and of a command-line job (`crm import`, `export`, `analyze`, `seed`, `purge`);
    #: 0: none. A job's wall-clock limit is its `--timeout` option (none by default).
    job_statement_timeout_ms: int = 0
    #: the largest `first`/`last` a list accepts
    max_page_size: int = 100
    # Limits of a GraphQL request (see docs/security.md).
    max_query_depth: int = 15
    max_query_aliases: int = 30
    max_query_tokens: int = 5_000
    #: the most fields an operation may resolve (page sizes multiplied through nesting)
    max_query_cost: int = 50_000
    #: the largest request body accepted, in bytes
    max_request_bytes: int = 256 * 1024
    #: query cost one API token may spend per minute (per worker process): enough for a
    #: busy frontend app (a 50-person page with affiliations costs 1,751: 285 a second),
    #: while a runaway client of maximum-cost queries gets 10 a second (docs/security.md)
    token_budget_per_minute: int = 30_000_000
    #: how long a token from the `login` mutation lasts, in minutes
    login_token_minutes: int = 60
    #: how long the token `crm serve` prints in development lasts, in hours
    dev_token_hours: int = 24
    #: how long a browser session (`POST /auth/session`) lasts from sign-in, in hours
    #: (a fixed lifetime: docs/api.md "Browser sessions")
    session_hours: Annotated[float, Field(gt=0)] = 12.0
    #: failed sign-ins (the `login` mutation and `POST /auth/session`) one username,
    #: and one client address, may have within the window before they must wait
    #: (crm/security/throttle.py; 0: no limit)
    sign_in_failures_per_user: Annotated[int, Field(ge=0)] = 5
    sign_in_failures_per_address: Annotated[int, Field(ge=0)] = 30
    sign_in_window_minutes: Annotated[float, Field(gt=0)] = 15.0
    #: the built web app (`make web`), served at `/`; relative to the project root
    web_dist: Path = Path("web") / "dist"
    #: leave people who withdrew consent to processing out of the network analysis
    analysis_exclude_withdrawn: bool = True
    #: people who withdrew consent to sharing with partners are left out of exports to
    #: partners (crm.db.queries.consent.withdrawn_person_ids)
    exports_exclude_withdrawn: bool = True
    #: build the network graph when the server starts, not on the first analysis query
    graph_warmup: bool = False
    #: "networkx": each server process builds the graph (small networks, the demo);
    #: "compact": paths and ego networks read the machine's mapped snapshot, kept
    #: current from the change log (national scale: docs/scale.md)
    graph_engine: Literal["networkx", "compact"] = "networkx"
    #: where the machine's graph snapshots are kept (default: beside a SQLite file, else
    #: var/graph/<database>)
    graph_snapshots: Path | None = None
    #: "in-process": the server runs the background analysis worker itself (what `crm
    #: serve` does unless told otherwise); "off": a separate `crm worker` runs it
    analysis_worker: Literal["in-process", "off"] = "off"
    #: a run starts once the network has been quiet this long after a write, seconds
    analysis_debounce_seconds: float = 5.0
    #: … or once changes have kept coming this long
    analysis_max_wait_seconds: float = 30.0
    #: how often the worker looks at the graph revision, seconds (1–59)
    analysis_watch_seconds: int = 5
    #: a worker that has sent no heartbeat for this long is taken for dead (killed, out
    #: of memory, its machine lost): its run is given up and the next one can start
    #: (PostgreSQL; crm/network/stalled.py), seconds
    analysis_stalled_seconds: Annotated[float, Field(gt=0)] = 30.0
    #: the most operations (subscriptions) one websocket connection may run at once
    max_subscriptions_per_connection: int = 10
    #: changes that may wait for one subscription; a client further behind is cut off
    subscription_queue_size: int = 100

    # Persisted documents (crm/serving/persisted.py, docs/security.md).
    #: automatic persisted queries: clients may send a document's SHA-256 instead of it
    persisted_queries: bool = True
    #: documents each process keeps by hash (least recently used forgotten first)
    persisted_query_cache_size: int = 2_000
    #: a JSON object of SHA-256 → document (the web app's generated operations)
    persisted_manifest: Path | None = None
    #: run only the manifest's documents (production allow-list)
    persisted_only: bool = False

    #: whole answers of read-only queries kept per process (0: none; see
    #: crm/serving/response_cache.py), and for at most this many seconds
    response_cache_size: int = 1_000
    response_cache_seconds: float = 30.0
    #: a bearer token's viewer is kept this many seconds (crm.security.auth.TokenCache):
    #: a revocation committed through the application takes effect at once (the data
    #: revision moves), one made in psql within this bound; 0: every request reads it
    token_cache_seconds: float = 5.0
    #: where this machine's processes share what they know without a round trip (the
    #: data revision counter, crm/db/machine_revision.py); default: /dev/shm/crm-<uid>.
    #: Every process of the machine that writes to the database must see the same folder.
    run_folder: Path | None = None

    #: answer the queries the compiled read path covers with one SQL statement per root
    #: field (crm/serving/compiled/); off: the general executor answers everything
    compiled_reads: bool = True
    #: … and an operation it answered before is answered again in front of strawberry
    #: (crm/serving/compiled/fast.py); off: every request goes through GraphQL
    compiled_fast_path: bool = True
    #: … with the nodes' JSON text written by PostgreSQL itself where it can spell it
    #: (crm/serving/compiled/text.py); off: Python builds every answer
    compiled_json: bool = True

    #: browser origins (scheme://host[:port]) of frontend apps allowed to call the API
    #: from another origin, with credentials (CORS); comma-separated; none by default
    cors_origins: Annotated[list[str], NoDecode] = []

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            value = [o.strip() for o in value.split(",") if o.strip()]
        if isinstance(value, list):
            for origin in value:
                if not isinstance(origin, str) or not _ORIGIN.fullmatch(origin):
                    raise ValueError(
                        f"not an origin: {origin!r} (scheme://host[:port], no path, no '*')"
                    )
            return [o.rstrip("/").lower() for o in value]
        return value

    @model_validator(mode="after")
    def _manifest_for_allow_list(self) -> Settings:
        if self.persisted_only and self.persisted_manifest is None:
            raise ValueError("CRM_PERSISTED_ONLY needs CRM_PERSISTED_MANIFEST (the allow-list)")
        return self

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.lower()
        if level not in {"critical", "error", "warning", "info", "debug"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    def for_jobs(self) -> Settings:
        """These settings for a command-line job: the jobs' statement timeout, not the
        API's (a 20,000-row import is one long transaction, not a request)."""
        return self.model_copy(update={"statement_timeout_ms": self.job_statement_timeout_ms})

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def snapshot_folder(self) -> Path:
        """The folder of this database's graph snapshots (one per database)."""
        if self.graph_snapshots is not None:
            return self.graph_snapshots
        path = self.sqlite_path
        if path is not None:
            return path.with_name(path.name + ".graph")
        url = make_url(self.database_url)
        name = f"{url.host or 'local'}-{url.port or 5432}-{url.database or 'crm'}"
        return Path("var") / "graph" / name

    @property
    def data_revision_file(self) -> Path:
        """The file of the machine's data revision counter for this database."""
        folder = self.run_folder if self.run_folder is not None else default_run_folder()
        path = self.sqlite_path
        if path is not None:
            where = f"sqlite:{path.resolve()}"
        elif self.is_sqlite:  # in memory: no other process can see it
            where = f"sqlite-memory:{os.getpid()}"
        else:
            url = make_url(self.database_url)
            where = f"postgresql:{url.host or 'local'}:{url.port or 5432}/{url.database or ''}"
        return folder / f"data-revision-{hashlib.sha256(where.encode()).hexdigest()[:20]}"

    @property
    def web_dist_path(self) -> Path:
        """`web_dist` as an absolute path (a relative one is taken from the project root,
        not from wherever the server was started)."""
        return self.web_dist if self.web_dist.is_absolute() else PROJECT_ROOT / self.web_dist

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, or None for PostgreSQL and in-memory SQLite."""
        if not self.is_sqlite:
            return None
        path = self.database_url.partition(":///")[2].split("?", 1)[0]
        return Path(path) if path and path != ":memory:" else None


def default_run_folder() -> Path:
    """/dev/shm/crm-<uid> (memory, never written to disk), else the temporary folder's."""
    shared = Path("/dev/shm")
    base = shared if shared.is_dir() and os.access(shared, os.W_OK) else Path(gettempdir())
    return base / f"crm-{os.getuid()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
