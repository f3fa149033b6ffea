"""The name keys of newly imported people, derived exactly as `crm.db.name_index` derives
them, in a form a worker process can return (a light module: it imports no GraphQL).

New people have no merge records, so their keys depend on their own columns only; a bulk
import derives them in a second process while the first one inserts the next rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from crm.db.name_index import person_name_keys

#: (id, name, name_latin, birth_year, email, phone)
PersonColumns = tuple[int, str, str | None, int | None, str | None, str | None]
#: a row of name_key: (entity, entity_id, key, kind)
KeyRow = tuple[str, int, str, str]


def person_key_rows(people: Sequence[PersonColumns]) -> list[KeyRow]:
    rows: list[KeyRow] = []
    for key, name, latin, birth_year, email, phone in people:
        keys = person_name_keys(name, latin, birth_year=birth_year, email=email, phone=phone)
        rows.extend(("person", key, value, kind.value) for value, kind in keys.items())
    return rows
