"""mergePeople and mergeOrganizations: fold duplicate records into one survivor, or preview it.

A merge checks every version, moves every link to the survivor (`crm.db.queries.merge`),
fills the survivor's empty fields from the absorbed records (its own values win; differing
ones are reported as conflicts), deletes the absorbed records and writes a merge record
for each, so their global IDs resolve to the survivor. A preview does all of it in a
transaction that is rolled back: it reports exactly what the merge would do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel, col

from crm.db import models
from crm.db.audit import REQUEST_ID_KEY
from crm.db.enums import AuditAction
from crm.db.errors import explain_integrity_error
from crm.db.queries import merge as q
from crm.db.queries.common import table_of
from crm.errors import UserError, UserErrorCode, UserErrors
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, record_key
from crm.resolvers.validation import Data
from crm.wording import with_article

__all__ = ["MAX_ABSORBED", "FieldConflict", "MergeOutcome", "merge", "survivors_of"]

MAX_ABSORBED = 20

_PERSON_FIELDS = (
    "name_latin", "gender", "birth_year", "nationality", "country", "city",
    "hometown", "hometown_province", "hometown_city", "hometown_county", "dialect_group",
    "email", "phone",
    "wechat", "owner_id", "source_event_id", "source_platform", "source_region",
    "contact_cadence_days",
)  # fmt: skip
_ORGANIZATION_FIELDS = (
    "name_en", "country", "region", "city", "founded_on", "website", "fund_target_amount",
    "fund_committed_amount",
)  # fmt: skip
_LISTS = {
    "person": ("expertise", "expertise_as_written", "honours", "languages"),
    "organization": (),
}


@dataclass(frozen=True)
class FieldConflict:
    """A field both records fill differently: the survivor's value is kept."""

    field: str
    kept: str
    absorbed: str


@dataclass
class MergeOutcome:
    #: the survivor as it is (or, for a preview, would be) after the merge
    record: Any
    preview: bool
    absorbed_ids: list[int]
    links: dict[str, q.LinkMoves]
    filled: list[str] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)

    def summary_json(self) -> dict[str, Any]:
        return {
            "links": {link: moves.to_json() for link, moves in self.links.items()},
            "filled": self.filled,
            "conflicts": [c.__dict__ for c in self.conflicts],
        }


@dataclass
class _Spec:
    entity: str
    type_name: str
    model: type[SQLModel]
    move_links: Callable[[AsyncSession, int, list[int], dict[str, str]], Awaitable[q.Moves]]


_SPECS = {
    "person": _Spec("person", "Person", models.Person, q.move_person_links),
    "organization": _Spec(
        "organization", "Organization", models.Organization, q.move_organization_links
    ),
}


class _Preview(Exception):  # noqa: N818 - control flow: roll the preview back
    def __init__(self, outcome: MergeOutcome) -> None:
        super().__init__("preview")
        self.outcome = outcome


async def merge(context: Context, entity: str, data: Data) -> MergeOutcome:
    """Merge (or preview merging) `data["absorbed"]` into `data["survivor"]`: each a
    record's `id` and `expected_version`; with `preview`, nothing changes."""
    spec = _SPECS[entity]
    survivor, absorbed = _keys(spec, data)
    try:
        async with context.db() as session, session.begin():
            outcome = await _merge(session, spec, data, survivor, absorbed)
            if data.get("preview"):
                raise _Preview(outcome)
            return outcome
    except _Preview as preview:
        return preview.outcome


def _keys(spec: _Spec, data: Data) -> tuple[int, list[int]]:
    errors: list[UserError] = []

    def key(value: RecordId, path: tuple[str, ...]) -> int:
        if value.type_name != spec.type_name:
            message = f"{'.'.join(path)} must be the ID of {with_article(spec.type_name)}"
            errors.append(UserError(UserErrorCode.VALIDATION, message, path))
            return -1
        try:
            return record_key(value.node_id)
        except ValueError:
            errors.append(UserError(UserErrorCode.VALIDATION, "not a valid ID", path))
            return -1

    survivor = key(data["survivor"]["id"], ("survivor", "id"))
    absorbed = [key(a["id"], ("absorbed", str(i), "id")) for i, a in enumerate(data["absorbed"])]
    if not absorbed or len(absorbed) > MAX_ABSORBED:
        message = f"give between 1 and {MAX_ABSORBED} records to absorb"
        errors.append(UserError(UserErrorCode.VALIDATION, message, ("absorbed",)))
    elif survivor in absorbed and survivor != -1:
        message = "the survivor cannot also be absorbed"
        errors.append(UserError(UserErrorCode.VALIDATION, message, ("absorbed",)))
    elif len(set(absorbed)) < len(absorbed):
        message = "a record is listed twice"
        errors.append(UserError(UserErrorCode.VALIDATION, message, ("absorbed",)))
    if errors:
        raise UserErrors(errors)
    return survivor, absorbed


async def _merge(
    session: AsyncSession, spec: _Spec, data: Data, survivor_key: int, keys: list[int]
) -> MergeOutcome:
    survivor, absorbed = await _current(session, spec, data, survivor_key, keys)
    name = spec.type_name
    global_ids = {str(RecordId.of(name, k)): str(RecordId.of(name, survivor_key)) for k in keys}
    moves = await spec.move_links(session, survivor_key, keys, global_ids)
    await _flush(session)
    preview = bool(data.get("preview"))
    outcome = MergeOutcome(record=None, preview=preview, absorbed_ids=keys, links=moves.links)
    if spec.entity == "person":
        _fold_person(survivor, absorbed, outcome)
    else:
        _fold_organization(survivor, absorbed, outcome)
    await q.repoint_merge_records(session, spec.entity, survivor_key, keys)
    record = models.MergeRecord
    # SQLite may hand a deleted record's key to a new one: a stale merge record must go.
    await session.execute(
        delete(record).where(col(record.entity) == spec.entity, col(record.absorbed_id).in_(keys))
    )
    for row in absorbed:
        await session.delete(row)
    await _flush(session)
    for row in absorbed:
        session.add(
            models.MergeRecord(
                entity=spec.entity,
                absorbed_id=row.id,
                survivor_id=survivor_key,
                absorbed_name=row.name,
                absorbed_name_latin=row.name_latin if spec.entity == "person" else row.name_en,
                summary=outcome.summary_json(),
            )
        )
    # The moves of links are bulk statements: one MERGE entry says what moved where.
    viewer = session.info.get("viewer")
    session.add(
        models.AuditEntry(
            action=AuditAction.MERGE,
            entity=spec.entity,
            entity_id=survivor_key,
            actor_id=viewer.user_id if viewer else None,
            actor_label=viewer.label if viewer else "system",
            request_id=session.info.get(REQUEST_ID_KEY),
            changes={"absorbed": keys, "links": outcome.summary_json()["links"]},
        )
    )
    await _flush(session)
    outcome.record = _snapshot(survivor)
    return outcome


async def _current(
    session: AsyncSession, spec: _Spec, data: Data, survivor_key: int, keys: list[int]
) -> tuple[Any, list[Any]]:
    table = table_of(spec.model)
    statement = select(spec.model).where(table.c.id.in_([survivor_key, *keys]))
    rows: list[Any] = list((await session.execute(statement)).scalars())
    found = {row.id: row for row in rows}
    errors: list[UserError] = []
    targets = [(data["survivor"], survivor_key, ("survivor",))] + [
        (a, k, ("absorbed", str(i)))
        for i, (a, k) in enumerate(zip(data["absorbed"], keys, strict=True))
    ]
    for target, key, path in targets:
        row = found.get(key)
        if row is None:
            message = f"no {spec.entity} with this ID"
            errors.append(UserError(UserErrorCode.NOT_FOUND, message, (*path, "id")))
        elif row.version != target["expected_version"]:
            message = f"the record changed since you read it (now at version {row.version})"
            errors.append(
                UserError(UserErrorCode.CONFLICT, message, (*path, "expectedVersion"), row.version)
            )
    if errors:
        raise UserErrors(errors)
    return found[survivor_key], [found[k] for k in keys]


def _fold_fields(
    survivor: Any, absorbed: Sequence[Any], names: Sequence[str], outcome: MergeOutcome
) -> None:
    for name in names:
        for row in absorbed:
            mine, theirs = getattr(survivor, name), getattr(row, name)
            if theirs is None:
                continue
            if mine is None:
                setattr(survivor, name, theirs)
                outcome.filled.append(_camel(name))
            elif mine != theirs:
                outcome.conflicts.append(FieldConflict(_camel(name), str(mine), str(theirs)))


def _fold_lists(
    survivor: Any, absorbed: Sequence[Any], names: Sequence[str], outcome: MergeOutcome
) -> None:
    for name in names:
        values = list(getattr(survivor, name) or [])
        for row in absorbed:
            values += [v for v in getattr(row, name) or [] if v not in values]
        if values != list(getattr(survivor, name) or []):
            setattr(survivor, name, sorted(values) if name == "honours" else values)
            outcome.filled.append(_camel(name))


def _fold_common(survivor: Any, absorbed: Sequence[Any], outcome: MergeOutcome, text: str) -> None:
    for row in absorbed:
        if row.name != survivor.name:
            outcome.conflicts.append(FieldConflict("name", survivor.name, row.name))
    notes = [getattr(r, text) for r in (survivor, *absorbed) if getattr(r, text)]
    if len(notes) > 1 or (notes and not getattr(survivor, text)):
        setattr(survivor, text, "\n\n".join(dict.fromkeys(notes)))
        outcome.filled.append(_camel(text))


def _fold_person(survivor: Any, absorbed: Sequence[Any], outcome: MergeOutcome) -> None:
    _fold_common(survivor, absorbed, outcome, "notes")
    _fold_fields(survivor, absorbed, _PERSON_FIELDS, outcome)
    _fold_lists(survivor, absorbed, _LISTS["person"], outcome)
    contacted = [r.last_contacted_at for r in (survivor, *absorbed) if r.last_contacted_at]
    if contacted and max(contacted) != survivor.last_contacted_at:
        survivor.last_contacted_at = max(contacted)
        outcome.filled.append("lastContactedAt")


def _fold_organization(survivor: Any, absorbed: Sequence[Any], outcome: MergeOutcome) -> None:
    _fold_common(survivor, absorbed, outcome, "description")
    if survivor.kind != "fund":
        names = tuple(n for n in _ORGANIZATION_FIELDS if not n.startswith("fund_"))
    else:
        names = _ORGANIZATION_FIELDS
    _fold_fields(survivor, absorbed, names, outcome)
    # The absorbed names stay findable as the survivor's aliases.
    own = {survivor.name, survivor.name_en}
    aliases = list(survivor.aliases or [])
    for row in absorbed:
        for name in (row.name, row.name_en, *(row.aliases or [])):
            if name and name not in own and name not in aliases:
                aliases.append(name)
        survivor.is_global500 = survivor.is_global500 or row.is_global500
        survivor.is_state_owned = survivor.is_state_owned or row.is_state_owned
    if aliases != list(survivor.aliases or []):
        survivor.aliases = aliases
        outcome.filled.append("aliases")
    gone = {row.id for row in absorbed}
    if survivor.parent_id in gone:  # its parent is absorbed: take that one's parent
        parent = next(r for r in absorbed if r.id == survivor.parent_id).parent_id
        survivor.parent_id = None if parent in gone or parent == survivor.id else parent


def _snapshot(row: Any) -> SimpleNamespace:
    """The row's column values, readable after the transaction is gone."""
    return SimpleNamespace(**{c.name: getattr(row, c.name) for c in row.__table__.columns})


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as error:
        violation = explain_integrity_error(error)
        raise UserErrors.one(UserErrorCode.CONFLICT, violation.message) from None
    except StaleDataError:
        raise UserErrors.one(
            UserErrorCode.CONFLICT, "a record was changed by someone else meanwhile"
        ) from None


def _camel(name: str) -> str:
    head, *rest = name.removesuffix("_id").split("_")
    return head + "".join(part.title() for part in rest)


async def survivors_of(context: Context, entity: str, keys: Sequence[int]) -> dict[int, int]:
    """absorbed key → survivor key, for the keys that were merged away."""
    if not keys or entity not in _SPECS:
        return {}
    record = models.MergeRecord
    statement = select(col(record.absorbed_id), col(record.survivor_id)).where(
        col(record.entity) == entity, col(record.absorbed_id).in_(list(keys))
    )
    async with context.db() as session:
        return {absorbed: survivor for absorbed, survivor in await session.execute(statement)}
