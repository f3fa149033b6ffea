"""search: people and organisations by any form of their names, ranked."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from crm.db.models import NameKeyKind as NameKeyKindValue
from crm.resolvers import search as resolver
from crm.schema.enums import described_enum
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.organization import Organization
from crm.schema.person import Person

SearchRecord = Annotated[
    Person | Organization,
    strawberry.union("SearchRecord", description="A person or an organisation."),
]
NameKeyKind = described_enum(
    NameKeyKindValue,
    "Which form of a name a stored key is.",
    {
        "NAME": "The name as written, normalised (simplified, lower case).",
        "LATIN": "The person's own Latin spelling, normalised.",
        "FULL": "A full-name form: pinyin or a dialect spelling, in either order.",
        "ALIAS": "Another name, acronym or alias of an organisation.",
        "FORMER": "The name of a record merged into this one.",
        "GIVEN": "A given name in any spelling.",
        "WESTERN": "A Western given name (Kenneth).",
        "INITIALS": "The initials of a spelling (ckk for Chan Kin-Kwok).",
        "SURNAME": "A surname in any spelling (陈, chen, chan, tan).",
        "PART": "A word of a name, or a one- or two-character Han fragment.",
        "BLOCK": "A blocking key for duplicate detection; never searched.",
    },
)
MatchKind = described_enum(
    resolver.MatchKind,
    "How the query met the record: EXACT > PREFIX > SOUNDS_LIKE > SUBSTRING > SIMILAR.",
    {
        "EXACT": "A stored key equals a form of the query (as written, pinyin in either "
        "order, initials, a dialect spelling).",
        "PREFIX": "A key starts with the query (jiang → jianguo).",
        "SOUNDS_LIKE": "People only: a name that the name matcher scores as the same "
        "person's, in another script or spelling.",
        "SUBSTRING": "A key contains the query (three characters or more).",
        "SIMILAR": "A key one typo away from the query, or sharing enough trigrams with it.",
    },
)


class SearchType(Enum):
    PERSON = "person"
    ORGANIZATION = "organization"


described_enum(
    SearchType,
    "Kinds of records search can return.",
    {"PERSON": "People.", "ORGANIZATION": "Organisations."},
)


@strawberry.type(description="A record found by search, with how and by what it matched.")
class SearchResult:
    score: float = described(
        "0..1; (4 − tier + quality) / 5, so every EXACT hit outranks every PREFIX one."
    )
    match: MatchKind = strawberry.field(  # type: ignore[valid-type]
        description="How the query met the record; the better tier always ranks first."
    )
    matched: str = described(
        "The stored key (normalised: simplified, lower case) or, for SOUNDS_LIKE, "
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
        text: Annotated[
            str, strawberry.argument(description="What to look for: a name in any script.")
        ],
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"How many results, 1 to the server's page maximum; "
                f"{resolver.DEFAULT_FIRST} when left out."
            ),
        ] = None,
        types: Annotated[
            list[SearchType] | None,
            strawberry.argument(description="Only these kinds of record; none: both."),
        ] = None,
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
