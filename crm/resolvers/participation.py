"""Participations: the people and organisations taking part in projects, in roles."""

from __future__ import annotations

from crm.db import models
from crm.db.queries.common import table_of
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList
from crm.resolvers.role_link import ORDERING, create_with_party, recorded_order, update_role
from crm.resolvers.validation import Data

participation = table_of(models.Participation)

# In the order they joined.
DEFAULT_ORDER = recorded_order(participation)

#: a project's participants; a person's or an organisation's projects
OF_PROJECT = ChildList(participation, "project_id", ORDERING, DEFAULT_ORDER)
OF_PERSON = ChildList(participation, "person_id", ORDERING, DEFAULT_ORDER)
OF_ORGANIZATION = ChildList(participation, "organization_id", ORDERING, DEFAULT_ORDER)


async def create_participation(context: Context, data: Data) -> models.Participation:
    references = {"project": models.Project}
    return await create_with_party(context, models.Participation, data, references, "a participant")


async def update_participation(context: Context, data: Data) -> models.Participation:
    return await update_role(context, models.Participation, data)
