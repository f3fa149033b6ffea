"""The database itself rejects bad rows, and says clearly what was wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import (
    AffiliationRole,
    AgreementKind,
    AgreementStatus,
    Degree,
    IntroductionStatus,
    OrganizationKind,
    ProjectKind,
    RelationshipKind,
)
from crm.db.errors import ViolationKind, explain_integrity_error
from tests import factories


async def _rejected(session: AsyncSession, row: Any) -> IntegrityError:
    session.add(row)
    with pytest.raises(IntegrityError) as caught:
        await session.flush()
    await session.rollback()
    return caught.value


async def test_relationship_strength_above_one_is_rejected(session: AsyncSession) -> None:
    a, b = await factories.person(session), await factories.person(session)
    low, high = sorted([a.id, b.id])  # type: ignore[type-var]
    error = await _rejected(
        session,
        models.Relationship(
            person_a_id=low, person_b_id=high, kind=RelationshipKind.FRIEND, strength=1.5
        ),
    )
    violation = explain_integrity_error(error)
    assert violation.kind is ViolationKind.CHECK
    assert violation.constraint == "ck_relationship_strength"
    assert violation.fields == ("strength",)
    assert "between 0 and 1" in violation.message


async def test_symmetric_relationship_must_be_stored_in_key_order(session: AsyncSession) -> None:
    a, b = await factories.person(session), await factories.person(session)
    low, high = sorted([a.id, b.id])  # type: ignore[type-var]
    error = await _rejected(
        session,
        models.Relationship(person_a_id=high, person_b_id=low, kind=RelationshipKind.CLASSMATE),
    )
    assert explain_integrity_error(error).constraint == "ck_relationship_canonical_order"


async def test_mentor_relationship_keeps_its_direction(session: AsyncSession) -> None:
    a, b = await factories.person(session), await factories.person(session)
    low, high = sorted([a.id, b.id])  # type: ignore[type-var]
    session.add(
        models.Relationship(person_a_id=high, person_b_id=low, kind=RelationshipKind.MENTOR)
    )
    await session.flush()  # accepted: a mentor may have the higher key


async def test_duplicate_affiliation_with_same_role_and_open_period_is_rejected(
    session: AsyncSession,
) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    session.add(
        models.Affiliation(person_id=p.id, organization_id=org.id, role=AffiliationRole.MEMBER)
    )
    await session.flush()
    error = await _rejected(
        session,
        models.Affiliation(person_id=p.id, organization_id=org.id, role=AffiliationRole.MEMBER),
    )
    violation = explain_integrity_error(error)
    assert violation.kind is ViolationKind.UNIQUE
    assert violation.constraint == "uq_affiliation_person_organization_role_period"


async def test_same_role_in_another_period_is_a_separate_affiliation(session: AsyncSession) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    for start in (date(2010, 1, 1), date(2016, 1, 1)):
        session.add(
            models.Affiliation(
                person_id=p.id,
                organization_id=org.id,
                role=AffiliationRole.OFFICER,
                starts_on=start,
            )
        )
    await session.flush()


async def test_affiliation_cannot_end_before_it_starts(session: AsyncSession) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    error = await _rejected(
        session,
        models.Affiliation(
            person_id=p.id,
            organization_id=org.id,
            role=AffiliationRole.MEMBER,
            starts_on=date(2020, 1, 1),
            ends_on=date(2019, 1, 1),
        ),
    )
    assert explain_integrity_error(error).constraint == "ck_affiliation_dates"


async def test_degree_only_on_alumnus_affiliation(session: AsyncSession) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    error = await _rejected(
        session,
        models.Affiliation(
            person_id=p.id,
            organization_id=org.id,
            role=AffiliationRole.MEMBER,
            degree=Degree.MASTER,
        ),
    )
    assert explain_integrity_error(error).constraint == "ck_affiliation_degree_only_for_alumni"


async def test_negative_agreement_amount_is_rejected(session: AsyncSession) -> None:
    error = await _rejected(
        session,
        models.Agreement(title="合作协议", kind=AgreementKind.COOPERATION, amount=Decimal("-1")),
    )
    violation = explain_integrity_error(error)
    assert violation.constraint == "ck_agreement_amount"
    assert violation.fields == ("amount",)


async def test_signed_agreement_needs_a_date(session: AsyncSession) -> None:
    error = await _rejected(
        session,
        models.Agreement(
            title="合作协议", kind=AgreementKind.COOPERATION, status=AgreementStatus.SIGNED
        ),
    )
    assert explain_integrity_error(error).constraint == "ck_agreement_signed_has_date"


async def test_fund_figures_only_on_funds(session: AsyncSession) -> None:
    error = await _rejected(
        session,
        models.Organization(
            name="某公司", kind=OrganizationKind.COMPANY, fund_target_amount=Decimal(1000)
        ),
    )
    assert (
        explain_integrity_error(error).constraint == "ck_organization_fund_figures_only_for_funds"
    )


async def test_event_cannot_end_before_it_starts(session: AsyncSession) -> None:
    error = await _rejected(
        session,
        models.Event(
            name="大会", kind="conference", starts_on=date(2023, 12, 22), ends_on=date(2023, 12, 21)
        ),
    )
    assert explain_integrity_error(error).constraint == "ck_event_dates"


async def test_participant_is_a_person_or_an_organisation_not_both(session: AsyncSession) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    project = await factories.add(
        session, models.Project(name="项目", kind=ProjectKind.COOPERATION)
    )
    error = await _rejected(
        session,
        models.Participation(
            project_id=project.id, person_id=p.id, organization_id=org.id, role="partner"
        ),
    )
    assert explain_integrity_error(error).constraint == "ck_participation_person_xor_organization"


async def test_introduction_needs_exactly_one_target(session: AsyncSession) -> None:
    seeker = await factories.person(session)
    error = await _rejected(
        session, models.Introduction(seeker_id=seeker.id, status=IntroductionStatus.REQUESTED)
    )
    violation = explain_integrity_error(error)
    assert violation.constraint == "ck_introduction_one_target"
    assert violation.fields == ("target",)


async def test_link_to_a_missing_person_is_rejected(session: AsyncSession) -> None:
    org = await factories.organization(session)
    error = await _rejected(
        session,
        models.Affiliation(person_id=999_999, organization_id=org.id, role=AffiliationRole.MEMBER),
    )
    assert explain_integrity_error(error).kind is ViolationKind.FOREIGN_KEY


async def test_duplicate_attendance_is_rejected(session: AsyncSession) -> None:
    p, e = await factories.person(session), await factories.event(session)
    session.add(models.Attendance(person_id=p.id, event_id=e.id))
    await session.flush()
    error = await _rejected(session, models.Attendance(person_id=p.id, event_id=e.id))
    violation = explain_integrity_error(error)
    assert violation.kind is ViolationKind.UNIQUE
    assert "already recorded" in violation.message


async def test_blank_name_is_rejected(session: AsyncSession) -> None:
    error = await _rejected(session, models.Person(name="   "))
    assert explain_integrity_error(error).constraint == "ck_person_name_not_blank"


async def test_unknown_enum_value_is_rejected_before_the_database(session: AsyncSession) -> None:
    with pytest.raises(StatementError, match="not among the defined enum values"):
        await session.execute(
            insert(models.Organization), [{"name": "x", "kind": "secret_society"}]
        )
    await session.rollback()


async def test_deleting_a_person_removes_their_links_but_not_the_organisation(
    session: AsyncSession,
) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    session.add(
        models.Affiliation(person_id=p.id, organization_id=org.id, role=AffiliationRole.MEMBER)
    )
    await session.commit()
    await session.delete(p)
    await session.commit()
    assert await session.get(models.Organization, org.id) is not None
    remaining = await session.execute(
        models.Affiliation.__table__.select().where(
            models.Affiliation.__table__.c.organization_id == org.id
        )  # type: ignore[attr-defined]
    )
    assert remaining.all() == []


async def test_deleting_a_conference_with_sessions_is_refused(session: AsyncSession) -> None:
    conference = await factories.event(session, kind="conference")
    await factories.event(session, parent_id=conference.id)
    await session.commit()
    await session.delete(conference)
    with pytest.raises(IntegrityError) as caught:
        await session.commit()
    await session.rollback()
    assert explain_integrity_error(caught.value).kind is ViolationKind.FOREIGN_KEY
