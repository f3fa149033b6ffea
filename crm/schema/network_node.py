"""The nodes of the network as analysis results name them (a person, an organisation,
an event or a project), with the record itself one field away."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import relay

from crm.resolvers.analysis_result import NodeRef
from crm.schema.info import Info
from crm.schema.inputs import described

__all__ = ["NetworkNode", "NetworkNodeType", "global_id"]


@strawberry.enum(description="The kinds of node of the network.")
class NetworkNodeType(Enum):
    PERSON = strawberry.enum_value("Person", description="A person.")
    ORGANIZATION = strawberry.enum_value("Organization", description="An organisation.")
    EVENT = strawberry.enum_value("Event", description="An event.")
    PROJECT = strawberry.enum_value("Project", description="A project.")


@strawberry.type(description="A node of the network as a result names it.")
class NetworkNode:
    id: relay.GlobalID = described("The record's global ID.")
    type: NetworkNodeType = described("Which record type the node is.")
    label: str = described("The name as written.")

    @strawberry.field(description="The record itself (null if it was deleted meanwhile).")
    async def node(self, info: Info) -> relay.Node | None:
        return await self.id.resolve_node(info)

    @classmethod
    def of(cls, ref: NodeRef) -> NetworkNode:
        id = global_id(ref.key)
        return cls(id=id, type=NetworkNodeType(id.type_name), label=ref.label)


def global_id(key: str) -> relay.GlobalID:
    """The global ID of a node key of the graph (`Person:12`)."""
    type_name, _, node_id = key.partition(":")
    return relay.GlobalID(type_name, node_id)
