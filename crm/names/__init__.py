"""Cross-script name keys and matching for people and organisations (pure library, no I/O).

`person_keys` and `search_keys` index a person's name in any script; `person_similarity`
and `blocking_keys` find duplicates; `organization_keys` does the same for organisations.
"""

from crm.names.keys import NameKeys, NameReading, person_keys, search_keys
from crm.names.match import (
    DEFAULT_THRESHOLD,
    Match,
    PersonName,
    blocking_keys,
    person_similarity,
)
from crm.names.normalize import normalize, to_simplified
from crm.names.organization import OrganizationKeys, organization_alias, organization_keys

__all__ = [
    "DEFAULT_THRESHOLD",
    "Match",
    "NameKeys",
    "NameReading",
    "OrganizationKeys",
    "PersonName",
    "blocking_keys",
    "normalize",
    "organization_alias",
    "organization_keys",
    "person_keys",
    "person_similarity",
    "search_keys",
    "to_simplified",
]
