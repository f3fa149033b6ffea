"""Which rows a caller may change, checked in the data layer on every flush.

Every session a request opens carries its viewer (`session.info["viewer"]`, set by
`Context.db`); before anything is written, each new, changed and deleted row is
checked here, so no mutation path can forget the check. Sessions without the key
belong to the system (the command line, migrations, the seed) and are not checked.

- ADMIN writes everything; ANALYST and APP nothing (but an analyst may ask for an
  analysis run).
- LIAISON writes the records they own (a new record is theirs), the people an
  administrator shared with them, the lists shared with them to edit, and the links
  of any of these (an affiliation of their person, an attendance at their event, a
  party to their agreement, a member of their list…).
  Accounts and shares are for administrators.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from crm.db import models
from crm.db.enums import UserRole
from crm.db.queries.common import table_of
from crm.errors import UserErrorCode, UserErrors
from crm.security.viewer import Viewer

#: records with an owner: model → the column naming the staff user
OWNER_COLUMN: dict[type[Any], str] = {
    models.Person: "owner_id",
    models.Organization: "owner_id",
    models.Event: "owner_id",
    models.Position: "owner_id",
    models.Agreement: "owner_id",
    models.Project: "owner_id",
    models.Interaction: "owner_id",
    models.Introduction: "requested_by_id",
    models.List: "owner_id",
}

#: records whose owner is whoever made them, whatever their role
_CREATOR_COLUMN: dict[type[Any], str] = {
    models.Interaction: "owner_id",
    models.Introduction: "requested_by_id",
}

#: links (and owned records reachable through another record): model → the records
#: that anchor it, as (anchor model, column); writable if any anchor is
ANCHORS: dict[type[Any], tuple[tuple[type[Any], str], ...]] = {
    models.Affiliation: ((models.Person, "person_id"),),
    models.Relationship: ((models.Person, "person_a_id"), (models.Person, "person_b_id")),
    models.Attendance: ((models.Person, "person_id"), (models.Event, "event_id")),
    models.Participation: (
        (models.Project, "project_id"),
        (models.Person, "person_id"),
        (models.Organization, "organization_id"),
    ),
    models.AgreementParty: ((models.Agreement, "agreement_id"),),
    models.Application: ((models.Person, "person_id"), (models.Position, "position_id")),
    models.Consent: ((models.Person, "person_id"),),
    models.InteractionParticipant: ((models.Interaction, "interaction_id"),),
    models.Introduction: ((models.Person, "seeker_id"),),
    # a list's members and shares: whoever may change the list (the resolvers keep
    # sharing to its owner)
    models.ListMember: ((models.List, "list_id"),),
    models.ListShare: ((models.List, "list_id"),),
}

#: rows only administrators write through the API
ADMIN_ONLY: frozenset[type[Any]] = frozenset({models.User, models.PersonShare})

#: rows the data layer derives from a checked write (histories, keys, revisions…)
DERIVED: frozenset[type[Any]] = frozenset(
    {
        models.ProjectStageChange,
        models.ApplicationStageChange,
        models.IntroductionStatusChange,
        models.NameKey,
        models.GraphChange,
        models.GraphState,
        models.ComputedMetric,
        models.AuditEntry,
        models.MergeRecord,
        models.Erasure,
        models.ErasureKey,
        models.ApiToken,
    }
)

#: columns the data layer keeps up to date itself: changing only these is not an edit
_DERIVED_COLUMNS = frozenset({"updated_at", "version", "last_contacted_at", "next_contact_due_at"})

_NO_WRITES = "your role reads only: it cannot change records"
_NOT_YOURS = "you may change only the records you own, the people shared with you, and their links"


@event.listens_for(Session, "before_flush")
def _check_writes(session: Session, _context: Any, _instances: Any) -> None:
    if "viewer" not in session.info:
        return  # the system's own session
    viewer: Viewer | None = session.info["viewer"]
    if viewer is not None and viewer.user_id is not None:
        for obj in session.new:
            # Who logged an interaction, who asked for an introduction: the caller.
            column = _CREATOR_COLUMN.get(type(obj))
            if column is not None and getattr(obj, column) is None:
                setattr(obj, column, viewer.user_id)
    if viewer is not None and viewer.is_admin:
        return
    checker = _Checker(session, viewer)
    for obj in session.new:
        checker.created(obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            checker.changed(obj)
    for obj in session.deleted:
        checker.deleted(obj)


class _Checker:
    def __init__(self, session: Session, viewer: Viewer | None) -> None:
        self.session = session
        self.viewer = viewer
        self._writable: dict[tuple[type[Any], int], bool] = {}

    def _refuse(self, message: str) -> UserErrors:
        return UserErrors.one(UserErrorCode.FORBIDDEN, message)

    def _liaison(self) -> Viewer:
        viewer = self.viewer
        if viewer is None or viewer.role is not UserRole.LIAISON:
            raise self._refuse(_NO_WRITES)
        return viewer

    def created(self, obj: Any) -> None:
        model = type(obj)
        if model in DERIVED:
            return
        if model is models.AnalysisRun:  # a request to recompute the rankings
            if self.viewer is not None and self.viewer.may_run_analysis:
                return
            raise self._refuse("only administrators and analysts run the analysis")
        viewer = self._liaison()
        if model in ADMIN_ONLY:
            raise self._refuse("only an administrator may do this")
        column = OWNER_COLUMN.get(model)
        if column is not None:
            owner = getattr(obj, column)
            if owner is None:
                setattr(obj, column, viewer.user_id)  # what a liaison officer makes is theirs
            elif owner != viewer.user_id:
                raise self._refuse("a liaison officer cannot make records for someone else")
            return
        if not self._anchored(obj, model):
            raise self._refuse(_NOT_YOURS)

    def changed(self, obj: Any) -> None:
        model = type(obj)
        if model in DERIVED:
            return
        state = inspect(obj)
        touched = {a.key for a in state.attrs if a.history.has_changes()}
        if touched <= _DERIVED_COLUMNS:
            return
        viewer = self._liaison()
        if model in ADMIN_ONLY:
            raise self._refuse("only an administrator may do this")
        column = OWNER_COLUMN.get(model)
        if column is not None and column in touched:
            before = state.attrs[column].history.deleted
            if getattr(obj, column) != viewer.user_id or (before and before[0] != viewer.user_id):
                raise self._refuse("only an administrator may hand a record to someone else")
        if not self._may_change(obj, model, viewer):
            raise self._refuse(_NOT_YOURS)

    def deleted(self, obj: Any) -> None:
        model = type(obj)
        if model in DERIVED:
            return
        viewer = self._liaison()
        if model in ADMIN_ONLY:
            raise self._refuse("only an administrator may do this")
        if not self._may_change(obj, model, viewer):
            raise self._refuse(_NOT_YOURS)

    def _may_change(self, obj: Any, model: type[Any], viewer: Viewer) -> bool:
        column = OWNER_COLUMN.get(model)
        if column is not None and obj.id is not None and self._record(model, obj.id):
            return True
        return model in ANCHORS and self._anchored(obj, model)

    def _anchored(self, obj: Any, model: type[Any]) -> bool:
        return any(
            key is not None and self._record(anchor, key)
            for anchor, column in ANCHORS.get(model, ())
            for key in (getattr(obj, column),)
        )

    def _record(self, model: type[Any], key: int) -> bool:
        """Does the caller own this record (or, for a person, was it shared with them; for
        a list, shared with them to edit)?"""
        found = self._writable.get((model, key))
        if found is None:
            found = self._writable[(model, key)] = self._look_up(model, key)
        return found

    def _look_up(self, model: type[Any], key: int) -> bool:
        viewer = self.viewer
        if viewer is None or viewer.user_id is None:
            return False
        table = table_of(model)
        owner_column = table.c[OWNER_COLUMN[model]]
        connection = self.session.connection()
        owner = connection.execute(select(owner_column).where(table.c.id == key)).scalar()
        if owner == viewer.user_id:
            return True
        if model is models.Person:
            share = table_of(models.PersonShare)
            shared = connection.execute(
                select(share.c.id).where(
                    share.c.person_id == key, share.c.user_id == viewer.user_id
                )
            ).first()
            return shared is not None
        if model is models.List:
            list_share = table_of(models.ListShare)
            editor = connection.execute(
                select(list_share.c.id).where(
                    list_share.c.list_id == key,
                    list_share.c.user_id == viewer.user_id,
                    list_share.c.can_edit.is_(True),
                )
            ).first()
            return editor is not None
        return False
