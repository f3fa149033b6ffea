"""Rankings of people from the last analysis: connectors (brokerage) and influencers
(a centrality), over the people a filter keeps."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import analysis
from crm.schema.analysis_run import AnalysisRun
from crm.schema.enums import METRIC_MEANINGS
from crm.schema.info import Info
from crm.schema.inputs import described, optional, plain
from crm.schema.node import reference
from crm.schema.values import from_attributes


@strawberry.input(description="Which people a ranking considers; fields combine with AND.")
class NetworkFilter:
    country: list[str] | None = optional("Country of residence, any of (ISO codes).")
    field: list[str] | None = optional("Expertise, any of.")
    member_of: list[relay.GlobalID] | None = optional("Affiliated with any of these organisations.")
    community: list[int] | None = optional("In any of these communities (as last computed).")


@strawberry.type(description="A broker: someone whose contacts are not tied to each other.")
class Connector:
    rank: int = described("1 for the strongest broker, then 2, 3, …")
    person_id: strawberry.Private[int]
    betweenness: float = described(
        "Share of shortest paths through them (sampled on large networks)."
    )
    constraint: float | None = described(
        "Burt's constraint: low means their contacts are not tied to each other."
    )
    effective_size: float | None = described("Non-redundant contacts.")
    community: int | None = described("The community the person is in (as last computed).")
    bridged_communities: list[int] = described(
        "Communities among their contacts, most contacts first."
    )

    person = reference("Person", "person_id", description="The person.")


@strawberry.type(description="Connectors, strongest broker first, and the analysis they come from.")
class ConnectorRanking:
    analysis: AnalysisRun = described(
        "When the ranking was computed and whether the network changed since."
    )
    items: list[Connector] = described("The people, in rank order.")


@strawberry.enum(description="The centralities people can be ranked by.")
class InfluenceMetric(Enum):
    PAGERANK = strawberry.enum_value("pagerank", description=METRIC_MEANINGS["PAGERANK"])
    EIGENVECTOR = strawberry.enum_value("eigenvector", description=METRIC_MEANINGS["EIGENVECTOR"])
    DEGREE = strawberry.enum_value("degree", description=METRIC_MEANINGS["DEGREE"])
    BETWEENNESS = strawberry.enum_value("betweenness", description=METRIC_MEANINGS["BETWEENNESS"])


@strawberry.type(description="A person ranked by a centrality metric.")
class Influencer:
    rank: int = described("1 for the highest score, then 2, 3, …")
    person_id: strawberry.Private[int]
    score: float = described("The metric's value for the person (see InfluenceMetric).")
    community: int | None = described("The community the person is in (as last computed).")

    person = reference("Person", "person_id", description="The person.")


@strawberry.type(
    description="People ranked by one metric, highest first, and the analysis behind it."
)
class InfluencerRanking:
    metric: InfluenceMetric = described("The metric ranked by.")
    analysis: AnalysisRun = described(
        "When the ranking was computed and whether the network changed since."
    )
    items: list[Influencer] = described("The people, in rank order.")


#: the size and the people of a ranking
Top = Annotated[
    int, strawberry.argument(description="How many, from 1 to the server's page maximum.")
]
Among = Annotated[
    NetworkFilter | None,
    strawberry.argument(description="Only people meeting these conditions; none: everyone."),
]


@strawberry.type
class RankingQuery:
    @strawberry.field(description="People ranked by brokerage (from the last analysis).")
    async def connectors(
        self, info: Info, first: Top = 20, filter: Among = None
    ) -> ConnectorRanking:
        run, items = await analysis.connectors(info.context, first=first, filter_=plain(filter))
        return ConnectorRanking(
            analysis=AnalysisRun.of(run),
            items=[
                from_attributes(
                    Connector, c, rank=i, bridged_communities=list(c.bridged_communities)
                )
                for i, c in enumerate(items, start=1)
            ],
        )

    @strawberry.field(description="People ranked by a centrality (from the last analysis).")
    async def influencers(
        self,
        info: Info,
        metric: Annotated[
            InfluenceMetric, strawberry.argument(description="The metric to rank by.")
        ] = InfluenceMetric.PAGERANK,
        first: Top = 20,
        filter: Among = None,
    ) -> InfluencerRanking:
        run, items = await analysis.ranking(
            info.context, str(metric.value), first=first, filter_=plain(filter)
        )
        return InfluencerRanking(
            metric=metric,
            analysis=AnalysisRun.of(run),
            items=[from_attributes(Influencer, r, rank=i) for i, r in enumerate(items, start=1)],
        )
