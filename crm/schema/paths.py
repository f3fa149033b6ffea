"""Introduction paths: the best chains of ties from a seeker to a person or an
organisation, each hop with the evidence behind it."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import analysis
from crm.resolvers.analysis_result import LabelledPath
from crm.schema.info import Info
from crm.schema.inputs import described, plain
from crm.schema.network_node import NetworkNode


@strawberry.type(description="One step of an introduction path.")
class PathHop:
    from_: NetworkNode = strawberry.field(name="from", description="The node the hop starts at.")
    to: NetworkNode = described("The node the hop leads to.")
    kind: str = described(
        "The kind of the strongest fact behind the tie (relationship, "
        "affiliation, introduction, cohort, attendance, …)."
    )
    strength: float = described("0–1: how likely the tie carries it.")
    evidence: str = described("Why the tie exists, in a sentence.")


@strawberry.type(description="A chain of ties from the seeker to the target, best first.")
class IntroductionPath:
    strength: float = described("The product of the hops' strengths.")
    cost: float = described("What the search minimised: Σ −ln(strength) + 0.1.")
    hops: list[PathHop] = described("The ties in order, from the seeker to the target.")

    @classmethod
    def of(cls, found: LabelledPath) -> IntroductionPath:
        refs = {k: NetworkNode.of(r) for k, r in found.refs.items()}
        return cls(
            strength=found.path.strength,
            cost=found.path.cost,
            hops=[
                PathHop(
                    from_=refs[h.source],
                    to=refs[h.target],
                    kind=h.kind,
                    strength=h.strength,
                    evidence=h.evidence,
                )
                for h in found.path.hops
            ],
        )


@strawberry.type
class PathQuery:
    @strawberry.field(
        description="The best distinct chains of ties from a person to a person or an "
        "organisation, each hop with its evidence; empty when none is within maxHops."
    )
    async def introduction_paths(
        self,
        info: Info,
        from_: Annotated[
            relay.GlobalID,
            strawberry.argument(name="from", description="The ID of the seeker (a person)."),
        ],
        to: Annotated[
            relay.GlobalID, strawberry.argument(description="The ID of a person or organisation.")
        ],
        first: Annotated[
            int, strawberry.argument(description=f"Paths, 1 to {analysis.MAX_PATHS}.")
        ] = 3,
        max_hops: Annotated[
            int,
            strawberry.argument(description=f"The longest path in ties, 1 to {analysis.MAX_HOPS}."),
        ] = 4,
        avoid: Annotated[
            list[relay.GlobalID] | None,
            strawberry.argument(description="IDs of nodes no path may pass through."),
        ] = None,
    ) -> list[IntroductionPath]:
        found = await analysis.paths_between(
            info.context,
            plain(from_),
            plain(to),
            first=first,
            max_hops=max_hops,
            avoid=plain(avoid or []),
        )
        return [IntroductionPath.of(p) for p in found]
