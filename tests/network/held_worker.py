"""`crm worker` whose runs' children first hold (tests/network/held_run.py): a worker
process caught mid-run, for the tests that kill it (tests/network/test_stalled_worker.py).

Run as `python -m tests.network.held_worker worker` from the project's root; the
environment's CRM_* settings apply as for `crm worker`.
"""

from __future__ import annotations

from crm.cli import app
from crm.network.jobs import AnalysisJobs
from crm.settings import Settings
from tests.network.held_run import held_child

_create = AnalysisJobs.create


def _held(settings: Settings) -> AnalysisJobs:
    jobs = _create(settings)
    jobs.child_entry = held_child
    return jobs


if __name__ == "__main__":  # not in the runs' children, which import this module again
    AnalysisJobs.create = _held  # type: ignore[method-assign]
    app(prog_name="crm")
