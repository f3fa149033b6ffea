"""SQL conditions for finding agreements, by their own columns and by their parties."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.person import like_pattern

agreement = table_of(models.Agreement)
agreement_party = table_of(models.AgreementParty)


def title_contains(text: str) -> ColumnElement[bool]:
    return agreement.c.title.ilike(like_pattern(text), escape="\\")


def value_in(column: str, values: Sequence[Any]) -> ColumnElement[bool]:
    return agreement.c[column].in_(list(values))


def signed_on_or_after(day: date) -> ColumnElement[bool]:
    return agreement.c.signed_on >= day


def signed_on_or_before(day: date) -> ColumnElement[bool]:
    return agreement.c.signed_on <= day


def amount_at_least(amount: Decimal) -> ColumnElement[bool]:
    return agreement.c.amount >= amount


def amount_at_most(amount: Decimal) -> ColumnElement[bool]:
    return agreement.c.amount <= amount


def has_party(
    *, organization_ids: Sequence[int] = (), person_ids: Sequence[int] = ()
) -> ColumnElement[bool]:
    """Agreements to which any of these organisations or people is a party."""
    matches: list[ColumnElement[bool]] = []
    if organization_ids:
        matches.append(agreement_party.c.organization_id.in_(list(organization_ids)))
    if person_ids:
        matches.append(agreement_party.c.person_id.in_(list(person_ids)))
    if not matches:
        return false()
    parties = select(agreement_party.c.agreement_id).where(or_(*matches))
    return agreement.c.id.in_(parties)
