"""Makes people with coherent attributes, and records where they studied and work.

A name spelled as at home, an ancestral hometown and its dialect group, languages,
contact channels under example.com/example.org and E.164 phone numbers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from random import Random

from crm.db.enums import AffiliationRole, Degree, Gender
from crm.db.models import Affiliation, Person
from crm.reference.division import parse_hometown
from crm.reference.expertise import field_keys
from crm.seed.fields import FIELDS
from crm.seed.names import dialect_group_for, person_name
from crm.seed.places import CITIES, hometown_for, languages_for, phone_number
from crm.seed.plan import Plan, Ref

__all__ = ["PersonFactory", "Universities"]

_NOT_LETTERS = re.compile(r"[^a-z]+")
_FIELD_NAMES = tuple(FIELDS)


@dataclass(frozen=True)
class Universities:
    """Where people study: world-renowned universities abroad and Chinese universities."""

    renowned: list[Ref]
    by_country: dict[str, list[Ref]]
    chinese: list[Ref]
    #: universities of north-eastern Fujian (also employers)
    fujian: list[Ref]

    def abroad(self, rng: Random, country: str) -> Ref:
        """A renowned university in `country`, or anywhere when it has none."""
        return rng.choice(self.by_country.get(country) or self.renowned)


class PersonFactory:
    """Adds people and their study and work affiliations to a plan."""

    def __init__(self, rng: Random, plan: Plan) -> None:
        self._rng = rng
        self._plan = plan
        self._emails = 0
        #: who studied at each university (the members alumni associations recruit from)
        self.alumni: dict[Ref, list[Ref]] = defaultdict(list)

    def make(
        self,
        country: str,
        *,
        born: tuple[int, int],
        city: str | None = None,
        male: float = 0.55,
        expertise: Sequence[str] | None = None,
        honours: Sequence[str] = (),
        owner: Ref | None = None,
        source_event: Ref | None = None,
        source_platform: str | None = None,
        source_region: str | None = None,
        notes: str | None = None,
    ) -> Ref:
        rng = self._rng
        gender = Gender.MALE if rng.random() < male else Gender.FEMALE
        hometown = hometown_for(rng, country)
        dialect = dialect_group_for(country, hometown.dialect)
        name, latin = person_name(rng, country, gender=gender, dialect=dialect)
        if expertise is None:
            expertise = rng.sample(_FIELD_NAMES, 1 if rng.random() < 0.6 else 2)
        return self._plan.add(
            Person,
            name=name,
            name_latin=latin,
            gender=gender,
            birth_year=rng.randint(*born),
            nationality=self._nationality(country),
            country=country,
            city=city or rng.choice(CITIES[country]),
            # written as people write it (福建福清), parsed as the write path parses it
            hometown=(written := hometown.province + hometown.county),
            hometown_province=(parsed := parse_hometown(written)).province,
            hometown_city=parsed.city,
            hometown_county=parsed.county,
            dialect_group=dialect,
            expertise=field_keys(list(expertise)),
            expertise_as_written=list(expertise),
            honours=list(honours),
            languages=languages_for(rng, country, dialect),
            email=self._email(latin) if rng.random() < 0.85 else None,
            phone=phone_number(rng, country) if rng.random() < 0.75 else None,
            wechat=self._wechat(latin) if country == "CN" or rng.random() < 0.4 else None,
            owner_id=owner,
            source_event_id=source_event,
            source_platform=source_platform,
            source_region=source_region,
            notes=notes,
        )

    def study(
        self, person: Ref, university: Ref, degree: Degree, *, age: int, field: str | None = None
    ) -> None:
        """Record a degree from `university`, finished at `age` (or by 2023)."""
        row = self._plan.row(person)
        graduated = min(int(row["birth_year"]) + age, 2023)
        years = {Degree.BACHELOR: 4, Degree.MASTER: 2, Degree.DOCTORATE: 4, Degree.POSTDOC: 2}[
            degree
        ]
        added = self._plan.add_once(
            Affiliation,
            (person.index, university.index, AffiliationRole.ALUMNUS),
            person_id=person,
            organization_id=university,
            role=AffiliationRole.ALUMNUS,
            starts_on=date(graduated - years, 9, 1),
            ends_on=date(graduated, 7, 1),
            degree=degree,
            field_of_study=field or (row["expertise"] or [None])[0],
        )
        if added is not None:
            self.alumni[university].append(person)

    def work(
        self,
        person: Ref,
        organization: Ref,
        title: str,
        *,
        role: AffiliationRole = AffiliationRole.EMPLOYEE,
        since: int | None = None,
    ) -> None:
        self._plan.add_once(
            Affiliation,
            (person.index, organization.index, role),
            person_id=person,
            organization_id=organization,
            role=role,
            title=title,
            starts_on=date(since, 1, 1) if since else None,
        )

    def _nationality(self, country: str) -> str:
        if country in {"CN", "HK", "MO"}:
            return "CN"
        if country in {"SG", "MY", "ID", "PH", "TH", "TW"}:
            return country if self._rng.random() < 0.95 else "CN"
        # Students and recent migrants in the West and Japan keep Chinese nationality.
        return "CN" if self._rng.random() < 0.4 else country

    def _email(self, latin: str) -> str:
        self._emails += 1
        slug = ".".join(p for p in _NOT_LETTERS.split(latin.lower()) if p)
        domain = "example.com" if self._rng.random() < 0.7 else "example.org"
        return f"{slug}.{self._emails}@{domain}"

    def _wechat(self, latin: str) -> str:
        slug = _NOT_LETTERS.sub("", latin.lower())[:12]
        return f"{slug}_{self._rng.randrange(1000, 9999)}"
