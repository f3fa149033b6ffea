"""References: the records a row names, by database key or by name (narrowed by hints
such as an email or a country), looked up for a whole chunk at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import AffiliationRole
from crm.db.queries.common import table_of
from crm.db.queries.name_lookup import exact_name_keys
from crm.db.tables import name_key as _name_key
from crm.db.tables import organization as _organization
from crm.db.tables import person as _person
from crm.resolvers.relationship import stored_pair
from crm.transfer.entities import Entity, Reference
from crm.transfer.natural_keys import name_forms, organization_match_keys
from crm.transfer.rows import Row

__all__ = ["ReferenceFinder", "entity_word", "link_rules", "resolve_references"]


@dataclass
class Candidate:
    id: int
    attrs: dict[str, Any]


class ReferenceFinder:
    """Finds the record a row names: by its database key, or by name narrowed by hints."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.cache: dict[tuple[str, str], list[Candidate]] = {}
        self.ids: dict[str, set[int]] = defaultdict(set)

    async def prefetch(self, target: str, names: set[str]) -> None:
        names = {n for n in names if (target, n) not in self.cache}
        if not names:
            return
        found: dict[str, list[Candidate]] = {n: [] for n in names}
        if target == "person":
            await self._people(names, found)
        elif target == "organization":
            await self._organizations(names, found)
        else:
            table = table_of(getattr(models, target.title().replace("_", "")))
            column = "title" if target in ("position", "agreement") else "name"
            extra = [table.c.organization_id] if target == "position" else []
            statement = select(table.c.id, table.c[column], *extra).where(
                table.c[column].in_(sorted(names))
            )
            for row in await self.session.execute(statement):
                found[row[1]].append(Candidate(row.id, dict(row._mapping)))
        for name, candidates in found.items():
            self.cache[(target, name)] = candidates

    async def _people(self, names: set[str], found: dict[str, list[Candidate]]) -> None:
        forms = {n: name_forms(n) for n in names}
        all_forms = sorted({f for fs in forms.values() for f in fs})
        owners: dict[str, set[int]] = defaultdict(set)
        emails = {n for n in names if "@" in n}
        if all_forms:
            for entity_id, key, _kind in await exact_name_keys(
                self.session, all_forms, entity="person", kinds=["name", "latin"]
            ):
                owners[key].add(entity_id)
        ids = {i for s in owners.values() for i in s}
        people: dict[int, dict[str, Any]] = {}
        columns = (_person.c.id, _person.c.email, _person.c.phone, _person.c.birth_year)
        if ids:
            for row in await self.session.execute(
                select(*columns).where(_person.c.id.in_(sorted(ids)))
            ):
                people[row.id] = dict(row._mapping)
        if emails:
            for row in await self.session.execute(
                select(*columns).where(_person.c.email.in_(sorted(emails)))
            ):
                people[row.id] = dict(row._mapping)
                owners[row.email].add(row.id)
        for name in names:
            matched = {i for f in forms[name] for i in owners.get(f, ())} | owners.get(name, set())
            found[name] = [Candidate(i, people[i]) for i in sorted(matched) if i in people]

    async def _organizations(self, names: set[str], found: dict[str, list[Candidate]]) -> None:
        exact = {n: name_forms(n) for n in names}
        fuzzy = {n: organization_match_keys(n) for n in names}
        keys = sorted({k for ks in (*exact.values(), *fuzzy.values()) for k in ks})
        owners: dict[str, dict[int, Any]] = defaultdict(dict)
        if keys:
            statement = (
                select(
                    _name_key.c.key,
                    _name_key.c.kind,
                    _name_key.c.entity_id,
                    _organization.c.country,
                )
                .join(_organization, _organization.c.id == _name_key.c.entity_id)
                .where(
                    _name_key.c.key.in_(keys),
                    _name_key.c.entity == "organization",
                    _name_key.c.kind.in_(["name", "alias", "block"]),
                )
            )
            for key, kind, entity_id, country in await self.session.execute(statement):
                owners[("block:" if kind == "block" else "") + key][entity_id] = country
        for name in names:
            hits = {i: c for f in exact[name] for i, c in owners.get(f, {}).items()}
            if not hits:
                hits = {i: c for k in fuzzy[name] for i, c in owners.get("block:" + k, {}).items()}
            found[name] = [Candidate(i, {"country": c}) for i, c in sorted(hits.items())]

    async def check_ids(self, target: str, ids: set[int]) -> None:
        missing = ids - self.ids[target]
        if missing:
            table = table_of(getattr(models, target.title().replace("_", "")))
            result = await self.session.execute(
                select(table.c.id).where(table.c.id.in_(sorted(missing)))
            )
            self.ids[target] |= set(result.scalars())

    def forget(self, target: str) -> None:
        """Records of `target` were created: names looked up before may now match."""
        for key in [k for k in self.cache if k[0] == target]:
            del self.cache[key]

    def resolve(self, ref: Reference, row: Row, *, label: str) -> tuple[int | None, str]:
        """(key, "") or (None, why not)."""
        typed = row.typed
        if (key := typed.get(f"{ref.field}_id")) is not None:
            return (
                (key, "")
                if key in self.ids[ref.target]
                else (None, f"{label}: no {entity_word(ref.target)} with ID {key}")
            )
        name = typed.get(ref.field) or typed.get(ref.hints.get("email", "")) or None
        if name is None:
            return None, (f"{label} is required" if ref.required else "")
        candidates = list(self.cache.get((ref.target, str(name)), []))
        narrowed = []
        for candidate in candidates:
            fits = True
            for hint, hint_field in ref.hints.items():
                wanted = typed.get(hint_field)
                if wanted is None:
                    continue
                have = candidate.attrs.get(hint)
                if hint == "email":
                    fits &= bool(have) and str(have).casefold() == str(wanted).casefold()
                elif hint == "country":
                    fits &= have is None or have == str(wanted).upper()
                else:
                    fits &= have == wanted
            if ref.target == "position" and row.refs.get("organization") is not None:
                fits &= candidate.attrs.get("organization_id") == row.refs["organization"]
            if fits:
                narrowed.append(candidate)
        what = entity_word(ref.target)
        if not narrowed:
            return None, f"{label}: no {what} {name!r}" + (
                " with the given details" if candidates else ""
            )
        if len(narrowed) > 1:
            ids = ", ".join(str(c.id) for c in narrowed[:5])
            more = " …" if len(narrowed) > 5 else ""
            hints = ", ".join(ref.hints.values()) or "a database ID column"
            return (
                None,
                f"{label}: {name!r} is ambiguous: {len(narrowed)} {what}s match "
                f"(IDs {ids}{more}); add {hints} to tell them apart",
            )
        return narrowed[0].id, ""


def entity_word(target: str) -> str:
    return {"organization": "organisation", "agreement_party": "agreement party"}.get(
        target, target
    )


async def resolve_references(resolver: ReferenceFinder, spec: Entity, rows: list[Row]) -> list[Row]:
    """Resolve every reference of the rows; rows that cannot be resolved are rejected."""
    references = list(spec.references)
    if spec.name == "person":
        references.append(
            Reference(
                "organization", "organization", "", False, {"country": "organization_country"}
            )
        )
    if spec.name == "application":
        references.insert(
            0,
            Reference(
                "organization", "organization", "", False, {"country": "organization_country"}
            ),
        )
    for ref in references:
        await resolver.prefetch(
            ref.target,
            {
                str(r.typed[f])
                for r in rows
                for f in (ref.field, ref.hints.get("email", ""))
                if r.typed.get(f)
            },
        )
        await resolver.check_ids(
            ref.target,
            {
                r.typed[f"{ref.field}_id"]
                for r in rows
                if r.typed.get(f"{ref.field}_id") is not None
            },
        )
    if spec.name == "interaction":
        await resolver.prefetch(
            "person", {p for r in rows for p in r.typed.get("participants") or []}
        )
    kept = []
    for row in rows:
        errors = []
        for ref in references:
            key, problem = resolver.resolve(ref, row, label=ref.field)
            if problem:
                errors.append(problem)
            row.refs[ref.field] = key
            if ref.column and key is not None:
                row.values[ref.column] = key
                row.given.add(ref.column)
        errors += link_rules(spec, row)
        if spec.name == "interaction":
            for name in row.typed.get("participants") or []:
                key, problem = resolver.resolve(
                    Reference("participants", "person", "", True),
                    Row(0, 0, [], {"participants": name}),
                    label="participants",
                )
                if problem:
                    errors.append(problem)
                elif key is not None and key not in row.participants:
                    row.participants.append(key)
        if errors:
            row.action, row.reason = "rejected", "; ".join(errors)
        else:
            if spec.name == "person" and row.refs.get("organization") is not None:
                role = row.typed.get("role") or AffiliationRole.EMPLOYEE
                row.employer = (row.refs["organization"], role, row.typed.get("title"))  # type: ignore[assignment]
        kept.append(row)
    return kept


def link_rules(spec: Entity, row: Row) -> list[str]:
    """What the `create…` use cases check beyond `values_of` (keys are only known here,
    once the names are resolved); a relationship's people stored as the API stores them."""
    values = row.values
    if spec.name in ("participation", "agreement_party"):
        has_person, has_organization = (
            values.get("person_id") is not None,
            values.get("organization_id") is not None,
        )
        if has_person == has_organization:
            return ["give exactly one of person and organization"]
    if spec.name == "relationship":
        a, b = values.get("person_a_id"), values.get("person_b_id")
        if a is not None and a == b:
            return ["person_b: a relationship needs two different people"]
        if a is not None and b is not None:
            values["person_a_id"], values["person_b_id"] = stored_pair(a, b, values.get("kind"))
    for column in spec.unique:
        values.setdefault(column, None)
    return []
