"""Moves the graph revision and keeps the change log whenever a write touches the network.

A session event, so no write path can forget it: every flush that inserts, updates
or deletes a row of a graph table bumps `graph_state.revision` once per transaction
and records each changed row in `graph_change` with that revision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlmodel import col

from crm.db.enums import ChangeOp
from crm.db.models import GRAPH_TABLES, GraphChange, GraphState
from crm.db.types import utcnow

_REVISION_KEY = "crm_graph_revision"


def bump_revision(session: Session) -> int:
    """Increase the graph revision inside the session's transaction and return it."""
    revision = session.info.get(_REVISION_KEY)
    if revision is None:
        connection = session.connection()
        revision = connection.execute(
            update(GraphState)
            .where(col(GraphState.id) == 1)
            .values(revision=col(GraphState.revision) + 1)
            .returning(col(GraphState.revision))
        ).scalar_one()
        session.info[_REVISION_KEY] = revision
    return int(revision)


def record_changes(session: Session, changes: list[tuple[str, int, ChangeOp]]) -> int:
    """Bump the revision once for this transaction and log `changes` under it."""
    revision = bump_revision(session)
    if changes:
        now = utcnow()
        session.connection().execute(
            insert(GraphChange),
            [
                {"revision": revision, "entity": e, "entity_id": i, "op": op, "at": now}
                for e, i, op in changes
            ],
        )
    return revision


async def current_revision(session: Any) -> int:
    """The committed graph revision (an AsyncSession or Session)."""
    result = await session.execute(select(col(GraphState.revision)).where(col(GraphState.id) == 1))
    return int(result.scalar_one())


#: rows whose links belong to a parent: a change to one also changes its parent, so
#: a cache can re-read the parent's links (the row itself may be gone by then)
_PARENTS = {
    "agreement_party": ("agreement", "agreement_id"),
    "interaction_participant": ("interaction", "interaction_id"),
}


def _graph_rows(objects: Any) -> list[tuple[str, int]]:
    rows = []
    for obj in objects:
        table = getattr(obj, "__tablename__", None)
        if table in GRAPH_TABLES and obj.id is not None:
            rows.append((table, obj.id))
    return rows


def _parents(objects: Any) -> list[tuple[str, int]]:
    rows = []
    for obj in objects:
        parent = _PARENTS.get(getattr(obj, "__tablename__", ""))
        if parent is not None and (key := getattr(obj, parent[1], None)) is not None:
            rows.append((parent[0], key))
    return rows


@event.listens_for(Session, "after_flush")
def _log_graph_changes(session: Session, _flush: UOWTransaction) -> None:
    changes: list[tuple[str, int, ChangeOp]] = []
    changes += [(t, i, ChangeOp.INSERT) for t, i in _graph_rows(session.new)]
    changes += [
        (t, i, ChangeOp.UPDATE)
        for t, i in _graph_rows(o for o in session.dirty if session.is_modified(o))
    ]
    changes += [(t, i, ChangeOp.DELETE) for t, i in _graph_rows(session.deleted)]
    touched = [*session.new, *session.dirty, *session.deleted]
    changes += [(t, i, ChangeOp.UPDATE) for t, i in _parents(touched)]
    changes = list(dict.fromkeys(changes))
    if changes:
        record_changes(session, changes)


@event.listens_for(Session, "after_transaction_end")
def _forget_revision(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_REVISION_KEY, None)
