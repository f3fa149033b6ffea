"""Single points of failure: the people and ties whose loss would cut part of the
network off, on the current network."""

from __future__ import annotations

import strawberry

from crm.resolvers import analysis
from crm.schema.analysis_run import AnalysisRun
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.network_node import NetworkNode
from crm.schema.ranking import Top


@strawberry.type(description="A person whose loss would cut part of the network off.")
class CutPoint:
    person: NetworkNode = described("The person.")
    cut_off: int = described("Nodes cut off from the rest without them.")
    communities: list[int] = described("The communities the cut-off part belongs to.")


@strawberry.type(description="A tie whose loss would cut part of the network off.")
class Bridge:
    from_: NetworkNode = strawberry.field(
        name="from", description="The side that stays connected to the rest."
    )
    to: NetworkNode = described("The side that would be cut off.")
    cut_off: int = described("Nodes cut off from the rest without the tie.")
    communities: list[int] = described("The communities the cut-off part belongs to.")


@strawberry.type(description="People and ties the network hangs on, most cut off first.")
class SinglePointsOfFailure:
    analysis: AnalysisRun = described(
        "The state of the stored analysis (these are computed on the current network)."
    )
    cut_points: list[CutPoint] = described("People whose loss would split the network.")
    bridges: list[Bridge] = described("Ties whose loss would split the network.")


@strawberry.type
class WeakPointQuery:
    @strawberry.field(
        description="People and ties whose loss would cut part of the network off, "
        "on the current network."
    )
    async def single_points_of_failure(self, info: Info, first: Top = 20) -> SinglePointsOfFailure:
        run, found = await analysis.single_points(info.context, first=first)
        return SinglePointsOfFailure(
            analysis=AnalysisRun.of(run),
            cut_points=[
                CutPoint(person=NetworkNode.of(r), cut_off=n, communities=list(c))
                for r, n, c in found.cut_points
            ],
            bridges=[
                Bridge(
                    from_=NetworkNode.of(a), to=NetworkNode.of(b), cut_off=n, communities=list(c)
                )
                for a, b, n, c in found.bridges
            ],
        )
