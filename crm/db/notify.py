"""Announces committed changes for live updates: which records were added, never their data.

A session listener, like the graph revision, so no write path can forget it. After each
flush it notes the new rows a timeline, an introduction's status or the project pipeline
shows (`Change`: the record's type and key, and its parent's key). On PostgreSQL it sends
them with `pg_notify` inside the same transaction: the server delivers a notification
only when the transaction commits, to every process that listens. On SQLite it keeps them
until the transaction commits and then hands them to this process's listeners (there is
no other process to tell: SQLite serves one machine, and `crm serve` runs one worker).
A rollback forgets them on either database. Bulk loads (core inserts) announce nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, UOWTransaction

from crm.db import models
from crm.db.history import HISTORY_ROWS_KEY

__all__ = ["CHANNEL", "Change", "add_local_listener", "remove_local_listener"]

#: the PostgreSQL notification channel
CHANNEL = "crm_changes"

_FLUSH_KEY = "crm_changes_flush"  # the rows of the flush under way
_PENDING_KEY = "crm_changes_pending"  # SQLite: announced at commit
_INSERTED_KEY = "crm_changes_inserted"  # (type, key) of the rows this transaction added

#: the models whose new rows are announced, and the column naming their parent record
_ANNOUNCED: dict[type, str | None] = {
    models.Interaction: None,
    models.InteractionParticipant: "interaction_id",
    models.Introduction: None,
    models.Attendance: None,
    models.Application: None,
    models.Affiliation: None,
    models.Agreement: None,
    models.AgreementParty: "agreement_id",
}
#: link rows announced only when they join an existing record: a new interaction with
#: its participants is one change, not one more per participant
_LINK_PARENTS = {"InteractionParticipant": "Interaction", "AgreementParty": "Agreement"}


@dataclass(frozen=True)
class Change:
    """A row that a committed transaction added: its model's name, its key, and the key
    of the record it belongs to (the introduction of a status change, the interaction of
    a participant), if any."""

    type: str
    id: int
    parent: int | None = None

    def encode(self) -> str:
        return json.dumps({"t": self.type, "id": self.id, "p": self.parent})

    @classmethod
    def decode(cls, payload: str) -> Change:
        data = json.loads(payload)
        parent = data.get("p")
        return cls(str(data["t"]), int(data["id"]), int(parent) if parent is not None else None)


Listener = Callable[[list[Change]], None]
_local_listeners: dict[str, list[Listener]] = {}


def database_key(url: str | URL) -> str:
    """The key under which changes to one SQLite database are announced in this process."""
    return (make_url(url) if isinstance(url, str) else url).render_as_string(hide_password=False)


def add_local_listener(database_url: str, listener: Listener) -> None:
    """Call `listener` (in the committing thread) with the changes of every transaction
    committed on this SQLite database by this process."""
    _local_listeners.setdefault(database_key(database_url), []).append(listener)


def remove_local_listener(database_url: str, listener: Listener) -> None:
    listeners = _local_listeners.get(database_key(database_url), [])
    if listener in listeners:
        listeners.remove(listener)


def _new_rows(session: Session) -> list[Change]:
    changes = []
    for obj in session.new:
        model = type(obj)
        if model in _ANNOUNCED and obj.id is not None:
            column = _ANNOUNCED[model]
            parent = getattr(obj, column) if column else None
            changes.append(Change(model.__name__, obj.id, parent))
    return changes


@event.listens_for(Session, "after_flush")
def _note_new_rows(session: Session, _flush: UOWTransaction) -> None:
    # `session.new` is only complete here; the history rows come after every listener.
    session.info.setdefault(_FLUSH_KEY, []).extend(_new_rows(session))


@event.listens_for(Session, "after_flush_postexec")
def _announce(session: Session, _flush: UOWTransaction) -> None:
    changes: list[Change] = session.info.pop(_FLUSH_KEY, [])
    history = session.info.pop(HISTORY_ROWS_KEY, [])
    changes += [Change(name, key, parent) for name, key, parent in history]
    inserted: set[tuple[str, int]] = session.info.setdefault(_INSERTED_KEY, set())
    inserted.update((c.type, c.id) for c in changes)
    changes = [c for c in changes if not _joins_new_record(c, inserted)]
    if not changes:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Queued by the server until COMMIT, dropped by a ROLLBACK.
        connection.execute(
            text("SELECT pg_notify(:channel, p) FROM unnest(CAST(:payloads AS text[])) AS p"),
            {"channel": CHANNEL, "payloads": [c.encode() for c in changes]},
        )
    else:
        session.info.setdefault(_PENDING_KEY, []).extend(changes)


def _joins_new_record(change: Change, inserted: set[tuple[str, int]]) -> bool:
    parent_type = _LINK_PARENTS.get(change.type)
    return (
        parent_type is not None
        and change.parent is not None
        and ((parent_type, change.parent) in inserted)
    )


@event.listens_for(Session, "after_commit")
def _publish_committed(session: Session) -> None:
    changes: list[Change] = session.info.pop(_PENDING_KEY, [])
    bind = session.get_bind()
    if not changes or bind is None:
        return
    for listener in list(_local_listeners.get(database_key(bind.engine.url), [])):
        listener(list(changes))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        for key in (_PENDING_KEY, _FLUSH_KEY, _INSERTED_KEY, HISTORY_ROWS_KEY):
            session.info.pop(key, None)
