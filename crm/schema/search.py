"""search: people and organisations by any form of their names, ranked."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from crm.db.models import NameKeyKind as NameKeyKindValue
from crm.resolvers import search as resolver
from crm.schema.info import Info
from crm.schema.organization import Organization
from crm.schema.person import Person

SearchRecord = Annotated[Person | Organization, strawberry.union("SearchRecord")]
NameKeyKind = strawberry.enum(NameKeyKindValue, description="Which form of a name a stored key is.")
MatchKind = strawberry.enum(
    resolver.MatchKind,
    description="How the query met the record: EXACT > PREFIX > SOUNDS_LIKE > SUBSTRING > SIMILAR.",
)


@strawberry.enum(description="Kinds of records search can return.")
class SearchType(Enum):
    PERSON = "person"
    ORGANIZATION = "organization"


@strawberry.type(description="A record found by search, with how and by what it matched.")
class SearchResult:
    score: float = strawberry.field(
        description="0..1; (4 − tier + quality) / 5, so every EXACT hit outranks every PREFIX one."
    )
    match: MatchKind  # type: ignore[valid-type]
    matched: str = strawberry.field(
        description="The stored key (normalised: simplified, lower case) or, for SOUNDS_LIKE, "
        "the name that matched."
    )
    key_kind: NameKeyKind | None = strawberry.field(  # type: ignore[valid-type]
        description="Which form of the name the matched key is (none for SOUNDS_LIKE)."
    )
    entity: strawberry.Private[str]
    entity_id: strawberry.Private[int]

    @strawberry.field(description="The person or organisation.")
    async def record(self, info: Info) -> SearchRecord | None:
        node_type = Person if self.entity == "person" else Organization
        row = await info.context.loaders.row_by_id(node_type.table()).load(self.entity_id)
        return node_type.from_row(row) if row else None


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="People and organisations whose names match `text` in any script or "
        "spelling: 汉字 (simplified or traditional), pinyin in either order, initials, "
        "dialect spellings, Western names, aliases and acronyms, parts of names; best first."
    )
    async def search(
        self,
        info: Info,
        text: str,
        first: int | None = None,
        types: list[SearchType] | None = None,
    ) -> list[SearchResult]:
        entities = [t.value for t in types] if types else ["person", "organization"]
        hits = await resolver.search(info.context, text, first=first, entities=entities)
        return [
            SearchResult(
                score=hit.score,
                match=hit.match,
                matched=hit.matched,
                key_kind=hit.key_kind,
                entity=hit.entity,
                entity_id=hit.entity_id,
            )
            for hit in hits
        ]
