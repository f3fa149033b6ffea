"""Progress reporting, in one shape for every long job (imports, dumps, the demo data).

A job takes an optional `Progress` callback and tells it, as it goes, what step it is
at, how much of it is done, and of how much (0 when that is not known); the command
line draws it as a bar. Jobs call `report`, so a missing callback costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress", "report"]

#: (what is being done, how much is done, of how much: 0 when unknown)
Progress = Callable[[str, int, int], None]


def report(progress: Progress | None, step: str, done: int, total: int) -> None:
    """Tell `progress`, if there is one, how far the job is."""
    if progress is not None:
        progress(step, done, total)
