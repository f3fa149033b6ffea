"""SQL conditions for finding organisations."""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, cast

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.conditions import text_in

organization = table_of(models.Organization)


def name_contains(text: str) -> ColumnElement[bool]:
    # aliases are a JSON array; its text form holds every alias
    aliases = cast(organization.c.aliases, String)
    return text_in(text, organization.c.name, organization.c.name_en, aliases)
