"""SQL conditions for finding agreements, by their own columns and by their parties."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, false, or_, select

from crm.db import models
from crm.db.queries.common import table_of

agreement = table_of(models.Agreement)
agreement_party = table_of(models.AgreementParty)


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
