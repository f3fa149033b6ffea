"""The `crm` command: serve, worker, db, seed, analyze, user, import, export (graph, dump, csv)."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crm.progress import Progress as ProgressReport
from crm.settings import Environment, Settings, get_settings

if TYPE_CHECKING:
    from crm.network.background import RunOutcome
    from crm.resolvers.purge import PurgeReport
    from crm.transfer.importer import ImportReport

app = typer.Typer(help="GraphQL CRM for overseas Chinese talent networks.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema: migrations.", no_args_is_help=True)
seed_app = typer.Typer(help="Load data sets.", no_args_is_help=True)
export_app = typer.Typer(help="Write the data to files.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")
app.add_typer(export_app, name="export")
user_app = typer.Typer(help="Staff accounts and their API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")

console = Console(stderr=True)

T = TypeVar("T")
#: `--timeout` of a job: a wall-clock limit, none by default (its statements have none
#: either unless CRM_JOB_STATEMENT_TIMEOUT_MS says so: Settings.for_jobs)
Timeout = Annotated[
    float | None,
    typer.Option(
        help="Stop after this many seconds (rolling back what is not committed); "
        "default: no limit.",
        min=0.001,
    ),
]
#: the exit status of a job stopped by its --timeout (as timeout(1) has it)
TIMED_OUT = 124


def _run_job(job: Coroutine[Any, Any, T], timeout: float | None, what: str) -> T:
    """Run a job's coroutine to its end, or until `timeout` seconds have passed: then it
    is cancelled (its open transaction rolls back, its helper processes end) and the
    command exits with status 124."""
    expired = False

    async def bounded() -> T:
        nonlocal expired
        limit = asyncio.timeout(timeout)
        try:
            async with limit:
                return await job
        finally:
            expired = limit.expired()

    try:
        return asyncio.run(bounded())
    except TimeoutError:
        if not expired:
            raise
        console.print(f"[red]{what} stopped after its --timeout of {timeout:g} s[/red]")
        raise typer.Exit(code=TIMED_OUT) from None


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        print(f"crm {version('crm')}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """GraphQL CRM for overseas Chinese talent networks."""


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Migrate the database to the latest schema (or REVISION)."""
    from crm.db import migrate

    settings = get_settings()
    migrate.upgrade(settings.database_url, revision)
    console.print(f"[green]database at {revision}[/green] ({_safe_url(settings.database_url)})")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base or -1.")],
) -> None:
    """Migrate the database back to REVISION (data in dropped tables is lost)."""
    from crm.db import migrate

    migrate.downgrade(get_settings().database_url, revision)
    console.print(f"[yellow]database at {revision}[/yellow]")


@seed_app.command("demo")
def seed_demo_command() -> None:
    """Load the demo data set (the 2023 Fuzhou talent conference) into an empty database."""
    from crm.seed.demo import DemoDataExists

    try:
        counts = asyncio.run(_seed_demo())
    except DemoDataExists as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    total = sum(counts.values())
    console.print(f"[green]demo data loaded:[/green] {total:,} rows")
    if get_settings().env is Environment.DEVELOPMENT:
        from crm.seed.sign_in import DEMO_PASSWORD

        accounts = asyncio.run(_demo_sign_in())
        console.print(f"development sign-in: {', '.join(accounts)} / {DEMO_PASSWORD}")


@seed_app.command("synthetic")
def seed_synthetic_command(
    people: Annotated[int, typer.Option(help="How many people (links: about 10 per person).")],
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 42,
) -> None:
    """Load a synthetic talent network (for measuring the analysis at scale) into a
    database without people: COPY on PostgreSQL, batched inserts on SQLite."""
    from crm.seed.synthetic import NotEmptyError

    if people < 1:
        console.print("[red]--people must be at least 1[/red]")
        raise typer.Exit(code=2)
    try:
        load = asyncio.run(_seed_synthetic(people, seed))
    except NotEmptyError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    timings = ", ".join(f"{step} {s:.1f} s" for step, s in load.seconds.items())
    console.print(
        f"[green]loaded[/green] {load.rows['person']:,} people, {load.total_links:,} links "
        f"({sum(load.rows.values()):,} rows): {timings}"
    )


async def _seed_synthetic(people: int, seed: int) -> Any:
    from crm.db import migrate
    from crm.db.engine import create_engine, create_session_factory
    from crm.seed.synthetic import seed_synthetic

    settings = get_settings().for_jobs()
    await asyncio.to_thread(migrate.upgrade, settings.database_url)
    engine = create_engine(settings)
    try:
        with _ProgressBar() as report:
            return await seed_synthetic(
                create_session_factory(engine), people=people, seed=seed, progress=report
            )
    finally:
        await engine.dispose()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (CRM_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (CRM_PORT).")] = None,
    demo: Annotated[bool, typer.Option(help="Load the demo data into an empty database.")] = True,
    reload: Annotated[bool, typer.Option(help="Restart on code changes.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="Server processes (CRM_WORKERS; one per core).", min=1),
    ] = None,
) -> None:
    """Migrate the database, load the demo data on first start, and serve the API."""
    import uvicorn

    from crm.db import migrate
    from crm.serving import workers as processes

    # The server keeps the analysis current itself unless a `crm worker` does it. Set
    # before the settings are read: the application reads the cached ones, and a worker
    # process spawned by `--workers N` the environment (one of them runs it, see
    # crm.network.worker).
    os.environ.setdefault("CRM_ANALYSIS_WORKER", "in-process")
    get_settings.cache_clear()
    settings = get_settings()
    migrate.upgrade(settings.database_url)
    if demo and asyncio.run(_is_empty()):
        console.print("empty database: loading the demo data (once)")
        asyncio.run(_seed_demo())
        # No analysis here: the server's background worker starts on it at once (the
        # rankings say `updating` until it is done), so the server is up sooner.
        console.print("the analysis worker analyses the demo network in the background")
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(
        f"[bold]CRM[/bold] on http://{bind_host}:{bind_port}/ (the web app), "
        f"http://{bind_host}:{bind_port}/graphql (the API)"
    )
    if not (settings.web_dist_path / "index.html").is_file():
        console.print(f"the web app is not built ({settings.web_dist_path}): run `make web`")
    if settings.env is Environment.DEVELOPMENT:
        from crm.seed.sign_in import DEMO_PASSWORD

        # The demo's staff accounts sign in with a development-only password.
        accounts = asyncio.run(_demo_sign_in())
        if accounts:
            first, others = accounts[0], ", ".join(accounts[1:])
            console.print(
                f"open http://{bind_host}:{bind_port}/ and sign in as [bold]{first}[/bold] / "
                f"[bold]{DEMO_PASSWORD}[/bold]"
                + (f" (or {others}, same password; development only)" if others else ""),
                soft_wrap=True,
            )
        # Like Jupyter: a local administrator's token, so the demo stays two commands.
        token = asyncio.run(_local_admin_token(settings.dev_token_hours))
        console.print(
            f"local admin token (valid {settings.dev_token_hours} h): [bold]{token}[/bold]",
            soft_wrap=True,
        )
        console.print(
            'in GraphiQL, Headers: {"Authorization": "Bearer ' + token + '"}',
            soft_wrap=True,
            markup=False,
        )
    options: dict[str, Any] = {
        "log_level": settings.log_level,
        "access_log": settings.access_log,
        # the fast event loop and HTTP parser of uvicorn[standard], named so that their
        # absence is an error rather than a quiet fallback to the slow ones
        "loop": "uvloop",
        "http": "httptools",
    }
    if reload:
        uvicorn.run("crm.app:app", host=bind_host, port=bind_port, reload=True, **options)
        return
    count = workers or settings.workers
    processes.serve(host=bind_host, port=bind_port, workers=count, **options)


@app.command()
def analyze(
    sample: Annotated[
        int | None,
        typer.Option(
            help="Betweenness from this many sampled sources (default: exact up to 2,000 "
            "nodes, then a fixed budget of work: docs/scale.md)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the sampling and of Louvain.")] = 42,
    timeout: Timeout = None,
) -> None:
    """Compute PageRank, eigenvector, degree, betweenness, constraint, effective size and
    communities for the whole network now, publish the graph snapshot, and store the
    metrics with the graph revision (what the background worker does after writes)."""
    outcome = _run_job(_analyze(sample=sample, seed=seed), timeout, "crm analyze")
    timings = ", ".join(f"{step} {s:.1f} s" for step, s in outcome.seconds.items())
    console.print(
        f"[green]analysed[/green] {outcome.nodes:,} nodes, {outcome.edges:,} edges at graph "
        f"revision {outcome.graph_revision}: {', '.join(outcome.recomputed)} ({timings})"
    )


async def _analyze(*, sample: int | None, seed: int) -> RunOutcome:
    from datetime import date

    from crm.db.engine import create_engine, create_session_factory
    from crm.network.background import create_run, recompute

    settings = get_settings().for_jobs()
    engine = create_engine(settings)
    try:
        factory = create_session_factory(engine)
        run_id = await create_run(factory, reason="command")
        return await recompute(
            factory,
            settings.snapshot_folder,
            run_id=run_id,
            today=date.today(),
            force=True,
            exclude_withdrawn=settings.analysis_exclude_withdrawn,
            seed=seed,
            sample=sample,
        )
    finally:
        await engine.dispose()


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run what is due (or queued) now, then stop.")
    ] = False,
) -> None:
    """Keep the analysis current: recompute the whole-network metrics in the background
    whenever the network changed (and once a day), and run the analyses `runAnalysis`
    queues. On SQLite the server runs it itself (`crm serve`)."""
    asyncio.run(_worker(once=once))


async def _worker(*, once: bool) -> None:
    from crm.network.jobs import AnalysisJobs

    settings = get_settings()
    jobs = AnalysisJobs.create(settings)
    try:
        async with jobs.app.open_async():
            await jobs.prepare()
            if once:
                queued = await jobs.queue_if_due()
                console.print(f"analysis: {'run ' + str(queued) if queued else 'nothing due'}")
                await jobs.app.run_worker_async(**jobs.worker_options(), wait=False)
                return
            console.print(
                f"[bold]analysis worker[/bold]: watching the graph revision every "
                f"{settings.analysis_watch_seconds} s and after each write "
                f"(snapshots in {settings.snapshot_folder})"
            )
            await _work(jobs, settings)
    finally:
        await jobs.close()


async def _work(jobs: Any, settings: Settings) -> None:
    """The worker, with its forkserver and its waker (crm.network.waker) beside it."""
    from crm.db.machine_revision import machine_counter
    from crm.db.revision_listener import KnownRevision
    from crm.network.run_process import start_forkserver
    from crm.network.waker import queue_after_writes, write_mark

    start_forkserver()
    known = KnownRevision(settings.database_url, machine_counter(settings.data_revision_file))
    await known.start()
    waker = asyncio.create_task(
        queue_after_writes(
            jobs,
            write_mark(machine_counter(settings.data_revision_file), known),
            debounce=settings.analysis_debounce_seconds,
            max_wait=settings.analysis_max_wait_seconds,
        )
    )
    try:
        await jobs.app.run_worker_async(**jobs.worker_options())
    finally:
        waker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waker
        await known.close()


@export_app.command("graph")
def export_graph(
    output: Annotated[Path, typer.Argument(help="The file to write.")],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="gexf (Gephi), graphml (Cytoscape) or parquet (a folder: nodes.parquet, "
            "edges.parquet, for Spark, DuckDB, Neo4j).",
        ),
    ] = "gexf",
    timeout: Timeout = None,
) -> None:
    """Write the whole network (people, organisations, events, projects and their ties)
    as GEXF or GraphML, attributes flattened to scalars, or as Parquet. GEXF and GraphML
    nodes carry their type, country, organisation kind, PageRank, betweenness and
    community, for sizing and colouring in Gephi or Cytoscape."""
    from crm.network.export import FORMATS

    if format not in (*FORMATS, "parquet"):
        known = ", ".join((*FORMATS, "parquet"))
        console.print(f"[red]unknown format {format!r}: choose one of {known}[/red]")
        raise typer.Exit(code=2)
    job = _export_parquet(output) if format == "parquet" else _export_graph(output, format)
    nodes, edges = _run_job(job, timeout, "crm export graph")
    console.print(f"[green]wrote[/green] {output} ({nodes:,} nodes, {edges:,} edges)")


async def _export_graph(output: Path, fmt: str) -> tuple[int, int]:
    from datetime import date

    from crm.db.engine import create_engine, create_session_factory
    from crm.db.revision import current_revision
    from crm.network.export import write_graph
    from crm.network.export_metrics import add_metrics, export_metrics
    from crm.network.source import load_graph

    settings = get_settings().for_jobs()
    engine = create_engine(settings)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            revision = await current_revision(session)
            graph = await load_graph(
                session, today=date.today(), exclude_withdrawn=settings.analysis_exclude_withdrawn
            )
            metrics = await export_metrics(session, graph, revision)
    finally:
        await engine.dispose()
    add_metrics(graph, metrics.values)
    source = (
        f"as stored at graph revision {metrics.stored_at}"
        if metrics.stored_at is not None
        else "computed now (`crm analyze` stores them)"
    )
    console.print(f"node metrics pagerank, betweenness, community: {source}")
    await asyncio.to_thread(write_graph, graph, output, fmt)  # type: ignore[arg-type]
    return graph.number_of_nodes(), graph.number_of_edges()


async def _export_parquet(output: Path) -> tuple[int, int]:
    from datetime import date

    from crm.db.engine import create_engine, create_session_factory
    from crm.graph.compact_build import build_compact
    from crm.network.columns_source import load_columns
    from crm.network.parquet import write_parquet
    from crm.network.source import load_nodes, withdrawn_people

    settings = get_settings().for_jobs()
    engine = create_engine(settings)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            columns, _ = await load_columns(session)
            nodes = await load_nodes(session)
            exclude = (
                await withdrawn_people(session) if settings.analysis_exclude_withdrawn else set()
            )
    finally:
        await engine.dispose()
    graph = await asyncio.to_thread(build_compact, columns, today=date.today(), exclude=exclude)
    attributes = {n.key: dict(n.attrs) for n in nodes}
    await asyncio.to_thread(write_parquet, graph, output, attributes)
    return graph.node_count, graph.edge_count


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. lin.xiaowen.")],
    role: Annotated[str, typer.Option(help="admin, liaison, analyst or app.")],
    display_name: Annotated[str | None, typer.Option(help="Name shown to others.")] = None,
    email: Annotated[str | None, typer.Option(help="The user's email.")] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(help="APP tokens: a type (Person) or field (Person.email) it reads."),
    ] = None,
    days: Annotated[int, typer.Option(help="How long the token lasts.", min=1, max=366)] = 366,
) -> None:
    """Create a staff user and print a new API token for them (shown once)."""
    from crm.db.enums import UserRole
    from crm.security.auth import UserExistsError

    try:
        kind = UserRole(role.lower())
    except ValueError:
        console.print(f"[red]unknown role {role!r}: admin, liaison, analyst or app[/red]")
        raise typer.Exit(code=2) from None
    try:
        token = asyncio.run(
            _provision(
                username=username,
                role=kind,
                display_name=display_name,
                email=email,
                scopes=scope or [],
                days=days,
                create=True,
            )
        )
    except UserExistsError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    console.print(f"[green]user {username} ({kind.value}) created[/green]; API token:")
    print(token)  # stdout, alone, so scripts can capture it


@user_app.command("token")
def user_token(
    username: Annotated[str, typer.Argument(help="An existing user.")],
    days: Annotated[int, typer.Option(help="How long the token lasts.", min=1, max=366)] = 366,
) -> None:
    """Print a new API token for an existing user (shown once)."""
    from crm.db.enums import UserRole

    try:
        token = asyncio.run(
            _provision(username=username, role=UserRole.APP, days=days, create=False)
        )
    except LookupError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    print(token)


@user_app.command("list")
def user_list(
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also list each account's tokens.")
    ] = False,
) -> None:
    """List the staff accounts (tab-separated on stdout): username, role, active, password
    set, live tokens, last token use, display name."""
    from crm.security import accounts

    found = asyncio.run(_accounts(accounts.list_accounts))
    print("username\trole\tactive\tpassword\tlive_tokens\tlast_used\tdisplay_name")
    for a in found:
        used = a.last_used_at.isoformat(timespec="minutes") if a.last_used_at else "never"
        print(
            f"{a.username}\t{a.role.value}\t{_yes(a.is_active)}\t{_yes(a.has_password)}\t"
            f"{a.live_tokens}\t{used}\t{a.display_name}"
        )
        if tokens:
            for t in asyncio.run(_accounts(accounts.tokens_of, a.username)):
                state = "revoked" if t.revoked_at else "live"
                until = t.expires_at.date().isoformat() if t.expires_at else "no expiry"
                print(f"  token {t.prefix}…\t{t.name}\t{state}\tuntil {until}")


@user_app.command("deactivate")
def user_deactivate(
    username: Annotated[str, typer.Argument(help="An existing user.")],
) -> None:
    """Deactivate an account: it can no longer sign in and its tokens stop working at once
    (`crm user activate` undoes it)."""
    _set_active(username, active=False)


@user_app.command("activate")
def user_activate(
    username: Annotated[str, typer.Argument(help="An existing user.")],
) -> None:
    """Activate a deactivated account again (its unrevoked tokens work again)."""
    _set_active(username, active=True)


def _set_active(username: str, *, active: bool) -> None:
    from crm.security import accounts

    word = "active" if active else "deactivated"
    changed = _on_account(accounts.set_active, username, active=active)
    console.print(f"user {username} {'is now' if changed else 'was already'} {word}")


@user_app.command("revoke")
def user_revoke(
    username: Annotated[str, typer.Argument(help="An existing user.")],
    token: Annotated[
        list[str] | None,
        typer.Option(help="Only the token starting with this (`crm user list --tokens`)."),
    ] = None,
) -> None:
    """Revoke a user's API tokens: all live ones, or those given with --token."""
    from crm.security import accounts

    revoked = _on_account(accounts.revoke_tokens, username, token or ())
    console.print(f"revoked {revoked} token{'' if revoked == 1 else 's'} of {username}")


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="An existing user.")],
    stdin: Annotated[
        bool,
        typer.Option("--stdin", help="Read the password from the first line of standard input."),
    ] = False,
) -> None:
    """Set a user's password (for `login`); asked twice without echo, or read with --stdin."""
    import sys

    from crm.security import accounts

    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    try:
        _on_account(accounts.set_password, username, password)
    except accounts.PasswordTooShortError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=2) from exc
    console.print(f"[green]password of {username} set[/green]")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _on_account(action: Any, username: str, *args: Any, **kwargs: Any) -> Any:
    """Run one of crm.security.accounts' functions on a user's account; an unknown user
    is said in red and exits with 1."""
    try:
        return asyncio.run(_accounts(action, username, *args, **kwargs))
    except LookupError as exc:
        console.print(f"[red]{exc.args[0]}[/red]")
        raise typer.Exit(code=1) from exc


async def _accounts(action: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one of crm.security.accounts' functions on the configured database."""
    from crm.db.engine import create_engine, create_session_factory

    engine = create_engine(get_settings())
    try:
        return await action(create_session_factory(engine), *args, **kwargs)
    finally:
        await engine.dispose()


async def _provision(*, days: int, **kwargs: Any) -> str:
    from datetime import timedelta

    from crm.db.engine import create_engine, create_session_factory
    from crm.security.auth import provision

    engine = create_engine(get_settings())
    try:
        return await provision(
            create_session_factory(engine),
            token_name="crm user",
            lifetime=timedelta(days=days),
            **kwargs,
        )
    finally:
        await engine.dispose()


async def _local_admin_token(hours: int) -> str:
    from datetime import timedelta

    from crm.db.engine import create_engine, create_session_factory
    from crm.db.enums import UserRole
    from crm.security.auth import provision

    engine = create_engine(get_settings())
    try:
        return await provision(
            create_session_factory(engine),
            username="local-admin",
            role=UserRole.ADMIN,
            display_name="Local administrator (crm serve)",
            token_name="crm serve",
            lifetime=timedelta(hours=hours),
            reuse=True,
        )
    finally:
        await engine.dispose()


async def _demo_sign_in() -> list[str]:
    from crm.db.engine import create_engine, create_session_factory
    from crm.seed.sign_in import give_demo_passwords

    engine = create_engine(get_settings())
    try:
        return await give_demo_passwords(create_session_factory(engine))
    finally:
        await engine.dispose()


async def _is_empty() -> bool:
    from crm.db.engine import create_engine, create_session_factory
    from crm.seed.demo import database_is_empty

    engine = create_engine(get_settings())
    try:
        async with create_session_factory(engine)() as session:
            return await database_is_empty(session)
    finally:
        await engine.dispose()


async def _seed_demo() -> dict[str, int]:
    from crm.db.engine import create_engine, create_session_factory, refresh_statistics
    from crm.seed.demo import seed_demo

    engine = create_engine(get_settings().for_jobs())
    try:
        with _ProgressBar() as report:
            counts = await seed_demo(create_session_factory(engine), progress=report)
        await refresh_statistics(engine)
        return counts
    finally:
        await engine.dispose()


class _ProgressBar:
    """A rich progress bar fed by (step, done, total) callbacks."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self._task = self._bar.add_task("starting", total=None)

    def __enter__(self) -> ProgressReport:
        self._bar.start()
        return self._report

    def __exit__(self, *_exc: object) -> None:
        self._bar.stop()

    def _report(self, step: str, done: int, total: int) -> None:
        self._bar.update(self._task, description=step, completed=done, total=total)


#: `crm import`'s exit status when it finished but refused some rows
EXIT_REJECTED = 3


@app.command(
    "import",
    epilog=f"Exit status: 0 every row was imported (created, updated or skipped as a "
    f"duplicate); {EXIT_REJECTED} the import finished but rejected rows (listed, and written "
    "with --rejects); 1 it failed part-way (the message says the row to resume at); 2 the "
    "file or the options cannot be used. Rows are numbered as a spreadsheet shows them: the "
    "header is row 1, the first data row is row 2.",
)
def import_command(
    entity: Annotated[
        str,
        typer.Argument(
            help="person, organization, event, project, position, agreement, affiliation, "
            "relationship, attendance, participation, agreement_party, application, "
            "interaction, introduction; or dump (a file written by `crm export dump`)."
        ),
    ],
    file: Annotated[Path, typer.Argument(help="CSV (any encoding) or XLSX; JSON for a dump.")],
    mapping: Annotated[
        Path | None, typer.Option(help="JSON or YAML: column header → field (null: ignore).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; change nothing.")
    ] = False,
    on_duplicate: Annotated[
        str, typer.Option(help="A row matching an existing record: skip, update or create.")
    ] = "skip",
    batch_size: Annotated[
        int | None,
        typer.Option(help="Commit every N rows (default: the whole file or nothing)."),
    ] = None,
    start_row: Annotated[
        int,
        typer.Option(
            help="Start at this row, numbered as a spreadsheet shows it (the header is row 1, "
            "the first data row 2), as rejects and failures number them."
        ),
    ] = 2,
    rejects: Annotated[
        Path | None, typer.Option(help="Write the rejected rows and the reasons to this CSV.")
    ] = None,
    timeout: Timeout = None,
) -> None:
    """Import the rows of a CSV or XLSX file as records, or load a dump into an empty database.

    Exits with 3 when rows were rejected (see below), so scripts can tell."""
    from crm.transfer import files

    settings = get_settings().for_jobs()
    if entity == "dump":
        _load_dump(settings, file, timeout)
        return
    options = {"on_duplicate": on_duplicate, "dry_run": dry_run, "batch_size": batch_size}

    def job(
        progress: ProgressReport, on_commit: Callable[[int], None]
    ) -> Coroutine[Any, Any, ImportReport]:
        return files.import_file(
            settings,
            _entity_name(entity),
            file,
            mapping=mapping,
            start=start_row,
            rejects=rejects,
            progress=progress,
            on_commit=on_commit,
            **options,  # type: ignore[arg-type]
        )

    result = _run_import(job, start_row, timeout)
    _imported(result, rejects)
    if result.rejected:
        raise typer.Exit(code=EXIT_REJECTED)


def _run_import(
    job: Callable[[ProgressReport, Callable[[int], None]], Coroutine[Any, Any, ImportReport]],
    start_row: int,
    timeout: float | None,
) -> ImportReport:
    """Run an import with a progress bar. Cut off by the timeout, it says where to resume;
    a failed batch exits with 1, a file that cannot be imported with 2."""
    from crm.transfer.importer import CannotImportError, ImportFailedError
    from crm.transfer.mapping import MappingError
    from crm.transfer.reading import UnreadableFileError

    committed = start_row  # the first data row not yet committed

    def batch_committed(resume_at: int) -> None:
        nonlocal committed
        committed = resume_at

    try:
        with _ProgressBar() as step:
            return _run_job(job(step, batch_committed), timeout, "crm import")
    except typer.Exit as stop:
        if stop.exit_code == TIMED_OUT:
            console.print(
                f"the batch in progress was rolled back; rows before data row {committed} "
                f"are committed; to finish, run again with --start-row {committed}"
            )
        raise
    except ImportFailedError as exc:
        _failed(exc.report)
        raise typer.Exit(code=1) from exc
    except (CannotImportError, MappingError, UnreadableFileError, OSError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=2) from exc


def _load_dump(settings: Settings, file: Path, timeout: float | None) -> None:
    """`crm import dump FILE`: a dump (`crm export dump`) into an empty database."""
    from crm.transfer import files
    from crm.transfer.dump import DumpError

    try:
        with _ProgressBar() as report:
            counts = _run_job(
                files.load_dump_file(settings, file, report), timeout, "crm import dump"
            )
    except (DumpError, OSError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=2) from exc
    console.print(f"[green]loaded[/green] {sum(counts.values()):,} rows from {file}")


def _failed(report: ImportReport) -> None:
    console.print(f"[red]import failed:[/red] {report.failure}")
    console.print(_summary(report))
    if report.resume_at is not None:
        kept = f"rows before row {report.resume_at} are" if report.committed else "nothing was"
        console.print(f"{kept} committed; to finish, run again with --start-row {report.resume_at}")


def _imported(result: ImportReport, rejects: Path | None) -> None:
    console.print(_summary(result))
    for rejected in result.rejected[:10]:
        console.print(f"  row {rejected.row}: {rejected.reason}", markup=False)
    if len(result.rejected) > 10 and rejects is None:
        console.print(f"  … {len(result.rejected) - 10} more: write them all with --rejects FILE")


def _entity_name(entity: str) -> str:
    from crm.transfer.mapping import ENTITY_NAMES

    return ENTITY_NAMES.get(entity.lower(), entity)


def _summary(report: ImportReport) -> str:
    verb = "would be" if report.dry_run else "were"
    ignored = (
        f"; columns ignored: {', '.join(report.unknown_columns)}" if report.unknown_columns else ""
    )
    return (
        f"{report.entity}: {report.rows:,} rows ({report.encoding}): {report.created:,} {verb} "
        f"created, {report.updated:,} updated, {report.skipped:,} skipped, "
        f"{len(report.rejected):,} rejected{ignored}"
    )


@export_app.command("dump")
def export_dump(
    output: Annotated[Path, typer.Argument(help="The JSON file to write.")],
    timeout: Timeout = None,
) -> None:
    """Write every record and link as a versioned JSON dump (`crm import dump FILE` loads it
    into an empty database)."""
    from crm.transfer import files

    with _ProgressBar() as report:
        job = files.export_dump_file(get_settings().for_jobs(), output, report)
        counts = _run_job(job, timeout, "crm export dump")
    console.print(f"[green]wrote[/green] {output} ({sum(counts.values()):,} rows)")


@export_app.command("csv")
def export_csv(
    directory: Annotated[Path, typer.Argument(help="The folder to write one CSV per table to.")],
    include_secrets: Annotated[
        bool,
        typer.Option(
            "--include-secrets",
            help="Also write the staff accounts' password hashes and API token hashes "
            "(left out by default).",
        ),
    ] = False,
    timeout: Timeout = None,
) -> None:
    """Write one CSV per table; relations are the referenced records' IDs. Personal data
    is written as stored; password and token hashes only with --include-secrets."""
    from crm.transfer import files
    from crm.transfer.dump import SECRET_COLUMNS

    with _ProgressBar() as report:
        job = files.export_csv_dir(
            get_settings().for_jobs(), directory, report, include_secrets=include_secrets
        )
        counts = _run_job(job, timeout, "crm export csv")
    console.print(f"[green]wrote[/green] {len(counts)} files, {sum(counts.values()):,} rows")
    secrets = ", ".join(f"{t}.{c}" for t, cs in SECRET_COLUMNS.items() for c in cs)
    if include_secrets:
        console.print(f"[yellow]with secrets:[/yellow] {secrets}: keep the files like the database")
    else:
        console.print(f"left out: {secrets} (--include-secrets writes them)")


@app.command()
def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be removed; change nothing.")
    ] = False,
) -> None:
    """Remove what is kept past its retention date (`retentionUntil` before today): erase
    people (leaving tombstones), delete interactions, introductions and applications;
    one audit entry per removed record. Prints the rows removed per table."""
    report = asyncio.run(_purge(dry_run=dry_run))
    verb = "would remove" if dry_run else "removed"
    for table, n in sorted(report.removed.items()):
        print(f"{table}\t{n}")  # stdout: one line per table, for scripts
    total = sum(report.removed.values())
    console.print(
        f"[green]{verb}[/green] {total:,} rows past their retention date "
        f"({len(report.erased):,} people erased)"
    )


async def _purge(*, dry_run: bool) -> PurgeReport:
    from datetime import date

    from crm.db.engine import create_engine, create_session_factory
    from crm.resolvers.purge import purge

    engine = create_engine(get_settings().for_jobs())
    try:
        return await purge(create_session_factory(engine), today=date.today(), dry_run=dry_run)
    finally:
        await engine.dispose()


def _safe_url(url: str) -> str:
    """The URL without its password, for logs."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        rest = f"{user}:***@{host}" if ":" in credentials else f"{user}@{host}"
    return scheme + sep + rest


def main() -> None:
    app()
