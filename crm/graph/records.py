"""The plain records the database side hands to the network model: nodes and links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

__all__ = [
    "EVENT",
    "HUB_KIND",
    "LINK_KINDS",
    "ORGANIZATION",
    "PERSON",
    "PROJECT",
    "LinkRecord",
    "NodeRecord",
    "fact_date",
    "hub_end",
    "key_type",
]

PERSON: Final = "Person"
ORGANIZATION: Final = "Organization"
EVENT: Final = "Event"
PROJECT: Final = "Project"

#: every kind of link the database side emits
LINK_KINDS: Final = frozenset(
    {
        "affiliation",
        "relationship",
        "attendance",
        "participation",
        "agreement_party",
        "introduction",
        "interaction",
        "parent",
    }
)

#: membership-like kinds: the link joins a node to a hub of this type, whose size
#: weakens the tie
HUB_KIND: Final[Mapping[str, str]] = {
    "affiliation": ORGANIZATION,
    "attendance": EVENT,
    "participation": PROJECT,
}


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A person, organisation, event or project.

    `key` is "Type:id" ("Person:12"); `label` is the name as written. `attrs` holds
    what filters and evidence need: for a person name, name_latin, country, city,
    expertise, honours, hometown_province; for an organisation name, name_en, kind,
    country, member_count (the declared size); for an event name, starts_on; for a
    project name, field.
    """

    key: str
    type: str
    label: str
    attrs: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One fact joining two nodes, with the facts evidence is written from.

    `kind` is one of `LINK_KINDS`. `key` identifies the row(s) it came from (for
    instance "relationship:17", or "interaction:88/Person:1/Person:2" for one pair of
    a shared interaction) so `apply_changes` can replace or remove it; without a key
    the record's content is its identity.
    """

    source: str
    target: str
    kind: str
    facts: Mapping[str, object] = field(default_factory=dict)
    key: str = ""

    @property
    def identity(self) -> str:
        """The key, or a stable identity made of the content when there is none."""
        if self.key:
            return self.key
        facts = ",".join(f"{k}={self.facts[k]!r}" for k in sorted(self.facts))
        return f"{self.kind}:{self.source}>{self.target}:{facts}"


def key_type(key: str) -> str:
    """The node type a key names: "Person:12" → "Person"."""
    return key.partition(":")[0]


def hub_end(link: LinkRecord) -> str:
    """The organisation, event or project end of a membership-like link (else the target)."""
    wanted = HUB_KIND.get(link.kind)
    if wanted is not None and key_type(link.target) != wanted and key_type(link.source) == wanted:
        return link.source
    return link.target


def fact_date(facts: Mapping[str, object], name: str) -> date | None:
    """A date-valued fact, accepting a date, a datetime or an ISO string."""
    value = facts.get(name)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
