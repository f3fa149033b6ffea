"""Consent records: a person's consents, and who withdrew consent to a purpose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from crm.db import models
from crm.db.enums import ConsentPurpose
from crm.db.queries.common import table_of

__all__ = ["consents_of", "withdrawn_person_ids"]

consent = table_of(models.Consent)


async def withdrawn_person_ids(session: AsyncSession, purpose: ConsentPurpose) -> set[int]:
    """People whose latest word on `purpose` is a withdrawal.

    A withdrawal counts until consent to the same purpose is given again later (and not
    withdrawn). Withdrawing consent to PROCESSING withdraws it for every purpose, so
    `withdrawn_person_ids(session, SHARING_WITH_PARTNERS)` includes those people too:
    the export to partners leaves all of them out (`Settings.exports_exclude_withdrawn`).
    """
    return set((await session.execute(withdrawn(purpose))).scalars().all())


def withdrawn(purpose: ConsentPurpose) -> Select[Any]:
    """The statement of `withdrawn_person_ids`, to use as a subquery."""
    c = consent.c
    later = aliased(consent)
    purposes = {ConsentPurpose.PROCESSING, purpose}
    given_again = (
        select(later.c.id)
        .where(
            later.c.person_id == c.person_id,
            later.c.purpose == c.purpose,
            later.c.given_at > c.withdrawn_at,
            later.c.withdrawn_at.is_(None),
        )
        .exists()
    )
    return select(c.person_id).where(
        c.purpose.in_(sorted(purposes)), c.withdrawn_at.is_not(None), ~given_again
    )


async def consents_of(session: AsyncSession, person_id: int) -> Sequence[models.Consent]:
    """A person's consent records, most recently given first."""
    statement = (
        select(models.Consent)
        .where(consent.c.person_id == person_id)
        .order_by(consent.c.given_at.desc(), consent.c.id.desc())
    )
    return (await session.execute(statement)).scalars().all()
