"""The talents of the demo: academicians, experts, the talent wall, the diaspora, job seekers."""

from __future__ import annotations

from random import Random

from crm.db.enums import AffiliationRole, Degree, Honour
from crm.seed import figures
from crm.seed.fields import ACFROC_FIELDS, FIELDS
from crm.seed.keys import CAMBRIDGE, HARVARD, OXFORD
from crm.seed.names import SOUTHEAST_ASIA
from crm.seed.organizations import Institutions
from crm.seed.people import PersonFactory, Universities
from crm.seed.places import diaspora_country
from crm.seed.plan import Ref
from crm.seed.staff import Staff

__all__ = ["Talents"]

_SCIENCE = (
    "high-energy physics", "artificial intelligence", "biomedicine", "new materials", "new energy",
    "integrated circuits", "marine economy", "clinical medicine", "advanced manufacturing",
)  # fmt: skip
_BUSINESS = (
    "digital economy", "new energy", "marine economy", "biomedicine", "artificial intelligence",
    "advanced manufacturing", "modern agriculture",
)  # fmt: skip
_DOMESTIC_ACADEMICIAN_CITIES = (
    ["Beijing"] * 12 + ["Shanghai"] * 5 + ["Fuzhou"] * 6 + ["Xiamen"] * 4 + ["Hefei"] * 3
    + ["Hangzhou"] * 3 + ["Nanjing"] * 2
)  # fmt: skip
_OVERSEAS_ACADEMICIANS = ("US", "US", "US", "US", "GB", "GB", "SG", "SG", "HK", "HK", "AU", "CA")
#: academicians and experts in the database who did not attend
_ABSENT_ACADEMICIANS = 5
_ABSENT_EXPERTS = 14
_EXPERT_COUNTRIES = ("US", "GB", "DE", "JP", "SG", "AU", "CA")
_WALL_COUNTRIES = {
    "US": 36,
    "GB": 30,
    "SG": 12,
    "DE": 10,
    "JP": 10,
    "AU": 10,
    "CA": 10,
    "FR": 7,
    "NL": 7,
}
_NEAR = SOUTHEAST_ASIA | {"HK", "TW"}
_SCHOOL_DEGREES = (Degree.BACHELOR, Degree.MASTER, Degree.DOCTORATE)


class Talents:
    """Makes each group of talents; every group's first members are the conference's guests."""

    def __init__(
        self, rng: Random, people: PersonFactory, universities: Universities, staff: Staff
    ) -> None:
        self._rng, self._people, self._universities, self._staff = rng, people, universities, staff

    def academicians(self, inst: Institutions, conference: Ref) -> list[Ref]:
        """47 CAS and CAE academicians at the conference (35 from China), and a few absent."""
        rng, people, universities = self._rng, self._people, self._universities
        countries = ["CN"] * figures.DOMESTIC_ACADEMICIANS + list(_OVERSEAS_ACADEMICIANS)
        assert len(countries) == figures.ACADEMICIANS
        countries += ["CN"] * _ABSENT_ACADEMICIANS
        cities = _DOMESTIC_ACADEMICIAN_CITIES + ["Beijing"] * _ABSENT_ACADEMICIANS
        academicians = []
        for i, country in enumerate(countries):
            honour = Honour.CAS_ACADEMICIAN if rng.random() < 0.6 else Honour.CAE_ACADEMICIAN
            person = people.make(
                country,
                born=(1938, 1968),
                male=0.9,
                city=cities.pop(0) if country == "CN" else None,
                expertise=rng.sample(_SCIENCE, rng.choice((1, 2))),
                honours=[honour],
                owner=self._staff.liaison_beijing,
                source_event=conference if i < figures.ACADEMICIANS else None,
            )
            academy = inst.cas if honour == Honour.CAS_ACADEMICIAN else inst.cae
            people.work(
                person, academy, "院士", role=AffiliationRole.MEMBER, since=rng.randint(1995, 2021)
            )
            people.study(person, rng.choice(universities.chinese), Degree.BACHELOR, age=22)
            people.study(person, universities.abroad(rng, country), Degree.DOCTORATE, age=30)
            academicians.append(person)
        return academicians

    def experts(self, inst: Institutions, conference: Ref) -> list[Ref]:
        """ACFROC experts in high-energy physics, AI and biomedicine; 106 attended."""
        rng, people, universities = self._rng, self._people, self._universities
        experts = []
        for i in range(figures.ACFROC_EXPERTS + _ABSENT_EXPERTS):
            country = "CN" if rng.random() < 0.6 else rng.choice(_EXPERT_COUNTRIES)
            fields = rng.sample(ACFROC_FIELDS, 1 if rng.random() < 0.8 else 2)
            honours = [Honour.ACFROC_EXPERT]
            if rng.random() < 0.2:
                honours.append(Honour.NATIONAL_TALENT_PROGRAM)
            person = people.make(
                country,
                born=(1960, 1985),
                male=0.75,
                expertise=fields,
                honours=honours,
                owner=self._staff.liaison_beijing,
                source_event=conference if i < figures.ACFROC_EXPERTS else None,
            )
            since = rng.randint(2012, 2023)
            people.work(
                person, inst.acfroc, "中国侨联特聘专家", role=AffiliationRole.ADVISER, since=since
            )
            people.study(person, universities.abroad(rng, country), Degree.DOCTORATE, age=30)
            if country == "CN":
                people.work(
                    person,
                    inst.institutes.get(fields[0]) or rng.choice(universities.chinese),
                    "研究员",
                )
            experts.append(person)
        return experts

    def talent_wall(self, inst: Institutions, talent_session: Ref) -> list[Ref]:
        """132 overseas doctors and masters of renowned universities: Oxford, Cambridge…"""
        rng, people, universities = self._rng, self._people, self._universities
        countries = [c for c, n in _WALL_COUNTRIES.items() for _ in range(n)]
        assert len(countries) == figures.TALENT_WALL
        firsts = [inst.renowned[name][0] for name in (OXFORD, CAMBRIDGE, HARVARD)]
        wall = []
        for country in countries:
            person = people.make(
                country,
                born=(1984, 1997),
                honours=[Honour.TALENT_WALL],
                owner=self._staff.liaison_beijing,
                source_event=talent_session,
                source_platform="Overseas Talent Wall",
            )
            university = firsts.pop(0) if firsts else universities.abroad(rng, country)
            degree = Degree.DOCTORATE if rng.random() < 0.7 else Degree.MASTER
            people.study(person, university, degree, age=rng.randint(25, 30))
            if rng.random() < 0.5:
                home = rng.choice(universities.chinese + universities.fujian)
                people.study(person, home, Degree.BACHELOR, age=22)
            wall.append(person)
        return wall

    def entrepreneurs(self, conference: Ref, count: int) -> list[Ref]:
        rng, people = self._rng, self._people
        entrepreneurs = []
        for _ in range(count):
            country = "CN" if rng.random() < 0.3 else diaspora_country(rng)
            person = people.make(
                country,
                born=(1965, 1992),
                expertise=rng.sample(_BUSINESS, rng.choice((1, 2))),
                honours=[Honour.PROVINCIAL_TALENT_PROGRAM] if rng.random() < 0.1 else [],
                owner=rng.choice(self._staff.liaisons),
                source_event=conference,
            )
            degree = rng.choice((Degree.MASTER, Degree.DOCTORATE))
            people.study(person, self._universities.abroad(rng, country), degree, age=26)
            entrepreneurs.append(person)
        return entrepreneurs

    def diaspora(self, count: int) -> list[Ref]:
        """Overseas Chinese the federations know through associations abroad."""
        rng, people, universities = self._rng, self._people, self._universities
        diaspora = []
        for _ in range(count):
            country = diaspora_country(rng)
            near = country in _NEAR
            owner = self._staff.liaison_fuzhou if near else self._staff.liaison_beijing
            person = people.make(
                country,
                born=(1950, 1998),
                owner=owner if rng.random() < 0.6 else None,
                source_platform="overseas association roster",
                source_region=country,
            )
            roll = rng.random()
            if roll < 0.35:
                local = country in universities.by_country or not near
                university = (
                    universities.abroad(rng, country) if local else rng.choice(universities.chinese)
                )
                people.study(person, university, rng.choice(_SCHOOL_DEGREES), age=25)
            elif roll < 0.65:
                people.study(
                    person, rng.choice(universities.chinese), rng.choice(_SCHOOL_DEGREES), age=23
                )
            diaspora.append(person)
        return diaspora

    def domestic(self, count: int, fairs: dict[str, Ref], platform: Ref) -> list[Ref]:
        """Job seekers of north-eastern Fujian who came to a fair or the online platform."""
        rng, people, universities = self._rng, self._people, self._universities
        regions = list(fairs)
        domestic = []
        for _ in range(count):
            region = rng.choices(regions, weights=(40, 15, 18, 14, 8))[0]
            online = rng.random() < 0.45
            person = people.make(
                "CN",
                born=(1978, 2001),
                city=region if rng.random() < 0.85 else None,
                expertise=[rng.choice(tuple(FIELDS))],
                owner=self._staff.liaison_fuzhou if rng.random() < 0.3 else None,
                source_event=platform if online else fairs[region],
                source_platform="online platform" if online else "offline fair",
                source_region=region,
            )
            degree = rng.choices(_SCHOOL_DEGREES, weights=(50, 35, 15))[0]
            people.study(
                person, rng.choice(universities.fujian + universities.chinese), degree, age=24
            )
            if rng.random() < 0.15:
                people.study(person, rng.choice(universities.renowned), Degree.MASTER, age=26)
            domestic.append(person)
        return domestic
