"""The communities of the last analysis: their size, leading members, dominant
organisations, fields, countries and brokers."""

from __future__ import annotations

import strawberry

from crm.resolvers import analysis
from crm.schema.analysis_run import AnalysisRun
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.network_node import NetworkNode
from crm.schema.ranking import Top


@strawberry.type(description="A node and how many of a group's members it counts.")
class NodeCount:
    node: NetworkNode = described("The node, e.g. an organisation.")
    count: int = described("How many members of the group are tied to it.")


@strawberry.type(description="A value (a field of expertise, a country) and how often it occurs.")
class ValueCount:
    value: str = described("The value as stored, e.g. CN or semiconductors.")
    count: int = described("How many members have it.")


@strawberry.type(description="A member of a community who lies on paths between others.")
class Broker:
    person: NetworkNode = described("The person.")
    betweenness: float = described(
        "Share of shortest paths through them (sampled on large networks)."
    )
    bridged_communities: list[int] = described(
        "Communities among their contacts, most contacts first (their own included)."
    )


@strawberry.type(description="A group more tightly tied among themselves than to the rest.")
class Community:
    id: int = described(
        "The community's number in the last analysis; it may change when the analysis runs again."
    )
    size: int = described("Nodes of every type in it.")
    leading_members: list[NetworkNode] = described("Its people with the strongest ties inside it.")
    dominant_organizations: list[NodeCount] = described(
        "The organisations most of its people belong to, with how many."
    )
    fields: list[ValueCount] = described("Most common expertise.")
    countries: list[ValueCount] = described("Most common countries.")
    brokers: list[Broker] = described(
        "Its people with the highest betweenness (as last computed), at most "
        "five, strongest first: who ties it to the rest of the network."
    )


@strawberry.type(description="The communities of the last analysis, largest first.")
class CommunityList:
    analysis: AnalysisRun = described(
        "When the communities were computed and whether the network changed since."
    )
    total_count: int = described("How many communities there are in all.")
    items: list[Community] = described("The first communities, largest first.")


@strawberry.type
class CommunityQuery:
    @strawberry.field(description="Louvain communities of the last analysis, largest first.")
    async def communities(self, info: Info, first: Top = 20) -> CommunityList:
        run, found = await analysis.communities(info.context, first=first)
        shown = found.communities[:first]
        brokers = await analysis.community_brokers(info.context, run, [c.id for c in shown])
        refs = {k: NetworkNode.of(r) for k, r in found.refs.items()}
        items = [
            Community(
                id=c.id,
                size=c.size,
                leading_members=[refs[k] for k in c.leading_members],
                dominant_organizations=[
                    NodeCount(node=refs[k], count=n) for k, n in c.dominant_organizations
                ],
                fields=[ValueCount(value=v, count=n) for v, n in c.fields],
                countries=[ValueCount(value=v, count=n) for v, n in c.countries],
                brokers=[
                    Broker(
                        person=NetworkNode.of(b.person),
                        betweenness=b.betweenness,
                        bridged_communities=list(b.bridged_communities),
                    )
                    for b in brokers.get(c.id, [])
                ],
            )
            for c in shown
        ]
        total = len(found.communities)
        return CommunityList(analysis=AnalysisRun.of(run), total_count=total, items=items)
