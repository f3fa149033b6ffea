"""The `crm` command: serve, db upgrade, seed demo."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crm.settings import get_settings

app = typer.Typer(help="GraphQL CRM for overseas Chinese talent networks.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema: migrations.", no_args_is_help=True)
seed_app = typer.Typer(help="Load data sets.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")

console = Console(stderr=True)


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


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (CRM_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (CRM_PORT).")] = None,
    demo: Annotated[bool, typer.Option(help="Load the demo data into an empty database.")] = True,
    reload: Annotated[bool, typer.Option(help="Restart on code changes.")] = False,
) -> None:
    """Migrate the database, load the demo data on first start, and serve the API."""
    import uvicorn

    from crm.db import migrate

    settings = get_settings()
    migrate.upgrade(settings.database_url)
    if demo and asyncio.run(_is_empty()):
        console.print("empty database: loading the demo data (once)")
        asyncio.run(_seed_demo())
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(f"[bold]CRM[/bold] on http://{bind_host}:{bind_port}/graphql")
    uvicorn.run(
        "crm.app:app",
        host=bind_host,
        port=bind_port,
        reload=reload,
        log_level=settings.log_level,
    )


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
    from crm.db.engine import create_engine, create_session_factory
    from crm.seed.demo import seed_demo

    engine = create_engine(get_settings())
    try:
        with _Progress() as report:
            return await seed_demo(create_session_factory(engine), progress=report)
    finally:
        await engine.dispose()


class _Progress:
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

    def __enter__(self) -> Callable[[str, int, int], None]:
        self._bar.start()
        return self._report

    def __exit__(self, *_exc: object) -> None:
        self._bar.stop()

    def _report(self, step: str, done: int, total: int) -> None:
        self._bar.update(self._task, description=step, completed=done, total=total)


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
