"""Projects collected, displayed and negotiated at the conference, and the agreements signed there.

Project leads and entrepreneurial information (collected), high-tech achievements
(displayed at the achievements session), 26 cooperation projects whose agreements were
signed (9) or reached a preliminary intention (17) for over 7.019 billion yuan, the ten
projects of the Beijing session, the fund and the federations' mechanism agreement.
"""

from __future__ import annotations

from decimal import Decimal
from random import Random

from crm.db.enums import (
    AgreementKind,
    AgreementStatus,
    OrganizationKind,
    ParticipationRole,
    PartyRole,
)
from crm.db.enums import ProjectKind as Kind
from crm.db.enums import ProjectStage as Stage
from crm.db.models import Agreement, AgreementParty, Participation, Person, Project
from crm.seed import figures, keys
from crm.seed.cast import Cast
from crm.seed.conference import Events
from crm.seed.employers import Employer
from crm.seed.fields import PROJECT_TOPICS
from crm.seed.organizations import Institutions
from crm.seed.places import NORTHEASTERN_FUJIAN
from crm.seed.plan import Plan, Ref
from crm.seed.staff import Staff

__all__ = ["build_projects"]

_SUFFIXES = (
    ("项目", "project"),
    ("产业化项目", "industrialisation project"),
    ("示范工程", "demonstration project"),
    ("研发中心", "R&D centre"),
    ("创业项目", "start-up"),
    ("中试基地", "pilot base"),
)
_YI = Decimal(100_000_000)


class _Projects:
    def __init__(self, rng: Random, plan: Plan, staff: Staff) -> None:
        self.rng, self.plan, self.staff = rng, plan, staff
        self._names: set[str] = set()

    def add(
        self,
        kind: Kind,
        stage: Stage,
        event: Ref,
        *,
        amount: Decimal | None = None,
        name: tuple[str, str] | None = None,
        field: str | None = None,
        region: str | None = None,
    ) -> Ref:
        """Add a project, named after a topic of its field unless `name` is given."""
        rng = self.rng
        region = region or rng.choice(list(NORTHEASTERN_FUJIAN))
        while name is None:
            field = rng.choice(list(PROJECT_TOPICS))
            topic = rng.choice(PROJECT_TOPICS[field])
            suffix = rng.choice(_SUFFIXES)
            zh = f"{NORTHEASTERN_FUJIAN[region]}{topic.zh}{suffix[0]}"
            if zh not in self._names:
                name = (zh, f"{region} {topic.en} {suffix[1]}")
        self._names.add(name[0])
        return self.plan.add(
            Project,
            name=name[0],
            name_en=name[1],
            kind=kind,
            stage=stage,
            field=field,
            region=region,
            intended_amount=amount,
            signed_amount=amount if stage == Stage.SIGNED else None,
            event_id=event,
            owner_id=rng.choice(self.staff.liaisons),
        )

    def take_part(self, project: Ref, who: Ref, role: ParticipationRole) -> None:
        person = who.model is Person
        self.plan.add_once(
            Participation,
            (project.index, who.model.__name__, who.index, role),
            project_id=project,
            person_id=who if person else None,
            organization_id=None if person else who,
            role=role,
        )


def build_projects(
    rng: Random,
    plan: Plan,
    inst: Institutions,
    events: Events,
    cast: Cast,
    employers: list[Employer],
    staff: Staff,
) -> None:
    """Add the conference's projects, their participants and the agreements signed there."""
    projects = _Projects(rng, plan, staff)
    leads = cast.entrepreneurs + rng.sample(cast.diaspora, 120)
    for _ in range(figures.PROJECT_LEADS):
        project = projects.add(
            Kind.PROJECT_LEAD, rng.choice((Stage.LEAD, Stage.CONTACTED)), events.conference
        )
        projects.take_part(project, rng.choice(leads), ParticipationRole.LEAD)
    for _ in range(figures.ENTREPRENEURIAL_ITEMS):
        event = events.conference if rng.random() < 0.6 else events.platform
        stage = rng.choice((Stage.LEAD, Stage.CONTACTED, Stage.NEGOTIATING))
        amount = Decimal(rng.randrange(100, 5_000)) * 10_000 if rng.random() < 0.5 else None
        project = projects.add(Kind.ENTREPRENEURIAL, stage, event, amount=amount)
        projects.take_part(project, rng.choice(leads + cast.talent_wall), ParticipationRole.LEAD)
    hosts = list(inst.institutes.values()) + [
        e.ref for e in employers if e.kind == OrganizationKind.UNIVERSITY
    ]
    for _ in range(figures.HIGH_TECH_ACHIEVEMENTS):
        stage = rng.choice((Stage.CONTACTED, Stage.NEGOTIATING, Stage.PRELIMINARY_INTENTION))
        project = projects.add(Kind.HIGH_TECH_ACHIEVEMENT, stage, events.achievements)
        projects.take_part(
            project, rng.choice(cast.academicians + cast.experts), ParticipationRole.LEAD
        )
        projects.take_part(project, rng.choice(hosts), ParticipationRole.HOST)
    _cooperation(rng, plan, projects, inst, events, cast, employers)
    _beijing(rng, plan, projects, inst, events, employers)
    _fund(plan, inst, events)


def _amounts(rng: Random, total: Decimal, count: int) -> list[Decimal]:
    """`count` amounts in whole ten-thousands of yuan that add up to `total` exactly."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    unit = Decimal(10_000)
    amounts = [
        (total * Decimal(w / sum(weights)) / unit).quantize(Decimal(1)) * unit for w in weights
    ]
    amounts[-1] += total - sum(amounts)
    if min(amounts) <= 0 or sum(amounts) != total:
        raise ValueError(f"cannot split {total} into {count} positive amounts")
    return amounts


def _cooperation(
    rng: Random,
    plan: Plan,
    projects: _Projects,
    inst: Institutions,
    events: Events,
    cast: Cast,
    employers: list[Employer],
) -> None:
    count = figures.SIGNED_COOPERATION_PROJECTS + figures.COOPERATION_INTENTIONS
    companies = [e.ref for e in employers if e.kind == OrganizationKind.COMPANY]
    partners = [*companies, inst.zhongguancun_park, *inst.beijing_companies]
    for i, amount in enumerate(_amounts(rng, figures.COOPERATION_AMOUNT, count)):
        signed = i < figures.SIGNED_COOPERATION_PROJECTS
        stage = Stage.SIGNED if signed else Stage.PRELIMINARY_INTENTION
        project = projects.add(Kind.COOPERATION, stage, events.achievements, amount=amount)
        agreement = plan.add(
            Agreement,
            title=f"{plan.row(project)['name']}合作协议",
            kind=AgreementKind.COOPERATION,
            status=AgreementStatus.SIGNED if signed else AgreementStatus.INTENTION,
            amount=amount,
            signed_on=keys.CONFERENCE_CLOSING_DAY if signed else None,
            event_id=events.achievements,
            project_id=project,
            description=f"{amount / _YI:.2f} 亿元",
        )
        sides = [rng.choice(companies), *rng.sample(partners, rng.randint(1, 2))]
        for organisation in sorted(set(sides), key=lambda r: r.index):
            projects.take_part(project, organisation, ParticipationRole.PARTNER)
            plan.add(
                AgreementParty,
                agreement_id=agreement,
                organization_id=organisation,
                role=PartyRole.SIGNATORY,
            )
        projects.take_part(project, rng.choice(cast.entrepreneurs), ParticipationRole.LEAD)
    # Talks that went on after the conference, outside its figures.
    for _ in range(2):
        project = projects.add(Kind.COOPERATION, Stage.NEGOTIATING, events.roadshow)
        plan.add(
            Agreement,
            title=f"{plan.row(project)['name']}合作意向书",
            kind=AgreementKind.COOPERATION,
            status=AgreementStatus.INTENTION,
            event_id=events.roadshow,
            project_id=project,
        )


def _beijing(
    rng: Random,
    plan: Plan,
    projects: _Projects,
    inst: Institutions,
    events: Events,
    employers: list[Employer],
) -> None:
    park = projects.add(
        Kind.COOPERATION,
        Stage.NEGOTIATING,
        events.beijing,
        field="advanced manufacturing",
        name=("三明·中关村科技园开发建设", keys.ZHONGGUANCUN_PARK_PROJECT_NAME_EN),
        region="Sanming",
    )
    projects.take_part(park, inst.zhongguancun_park, ParticipationRole.HOST)
    projects.take_part(park, inst.sanming_government, ParticipationRole.HOST)
    projects.take_part(park, inst.zhongguancun_commission, ParticipationRole.PARTNER)
    projects.take_part(park, inst.fujian_science_department, ParticipationRole.PARTNER)
    companies = [e.ref for e in employers if e.kind == OrganizationKind.COMPANY]
    for company in inst.beijing_companies[: figures.BEIJING_NEGOTIATED_PROJECTS - 1]:
        project = projects.add(Kind.COOPERATION, Stage.NEGOTIATING, events.beijing)
        projects.take_part(project, company, ParticipationRole.LEAD)
        projects.take_part(
            project, rng.choice([*companies, inst.zhongguancun_park]), ParticipationRole.PARTNER
        )
    mechanism = plan.add(
        Agreement,
        title=keys.MECHANISM_TITLE,
        kind=AgreementKind.MECHANISM,
        status=AgreementStatus.SIGNED,
        signed_on=keys.CONFERENCE_CLOSING_DAY,
        event_id=events.beijing,
        description="汇聚侨智侨力服务发展合作机制",
    )
    for federation in (inst.beijing_federation, inst.fujian_federation):
        plan.add(
            AgreementParty,
            agreement_id=mechanism,
            organization_id=federation,
            role=PartyRole.SIGNATORY,
        )


def _fund(plan: Plan, inst: Institutions, events: Events) -> None:
    agreement = plan.add(
        Agreement,
        title=f"{keys.FUND_NAME}设立协议",
        kind=AgreementKind.INVESTMENT,
        status=AgreementStatus.SIGNED,
        amount=figures.FUND_COMMITTED_AMOUNT,
        signed_on=keys.CONFERENCE_CLOSING_DAY,
        event_id=events.opening,
        description=f"Establishes the {keys.FUND_NAME_EN} (10 billion yuan targeted).",
    )
    for organisation in (inst.fund, inst.fujian_federation, *inst.financial_institutions):
        plan.add(
            AgreementParty,
            agreement_id=agreement,
            organization_id=organisation,
            role=PartyRole.SIGNATORY,
        )
    plan.add(
        AgreementParty,
        agreement_id=agreement,
        organization_id=inst.fujian_qiaoban,
        role=PartyRole.WITNESS,
    )
