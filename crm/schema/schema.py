"""Builds the GraphQL schema from the per-domain query and mutation types."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from crm.resolvers.network import network_counts
from crm.schema.affiliation import AffiliationMutation
from crm.schema.agreement import AgreementMutation, AgreementQuery
from crm.schema.agreement_party import AgreementPartyMutation
from crm.schema.analysis_run import AnalysisRunMutation, AnalysisRunQuery, AnalysisRunSubscription
from crm.schema.application import ApplicationMutation
from crm.schema.attendance import AttendanceMutation
from crm.schema.audit import AuditQuery
from crm.schema.community import CommunityQuery
from crm.schema.dashboard import DashboardQuery
from crm.schema.error_codes import process_errors
from crm.schema.event import EventMutation, EventQuery
from crm.schema.event_report import EventReportQuery
from crm.schema.extensions import schema_extensions
from crm.schema.follow_up import FollowUpQuery
from crm.schema.info import Info
from crm.schema.interaction import InteractionMutation, InteractionQuery
from crm.schema.introduction import IntroductionMutation, IntroductionQuery
from crm.schema.list import ListMutation, ListQuery
from crm.schema.merge import DuplicatesQuery, MergeMutation
from crm.schema.neighbourhood import NeighbourhoodQuery
from crm.schema.network import NetworkStats
from crm.schema.organization import OrganizationMutation, OrganizationQuery
from crm.schema.participation import ParticipationMutation
from crm.schema.paths import PathQuery
from crm.schema.person import PersonMutation, PersonQuery
from crm.schema.pipeline import PipelineQuery
from crm.schema.position import PositionMutation, PositionQuery
from crm.schema.privacy import PrivacyMutation, PrivacyQuery
from crm.schema.project import ProjectMutation, ProjectQuery
from crm.schema.ranking import RankingQuery
from crm.schema.relationship import RelationshipMutation
from crm.schema.search import SearchQuery
from crm.schema.subscription import Subscription
from crm.schema.transfer import TransferMutation, TransferQuery
from crm.schema.user import UserMutation, UserQuery
from crm.schema.weak_point import WeakPointQuery
from crm.security.gate import guard_fields


@strawberry.type
class NodeQuery:
    node: relay.Node | None = relay.node(description="Any record by its global ID.")
    nodes: list[relay.Node | None] = relay.node(description="Records by their global IDs.")


@strawberry.type
class NetworkQuery:
    @strawberry.field(description="Counts of nodes and links and the current graph revision.")
    async def network_stats(self, info: Info) -> NetworkStats:
        return NetworkStats.from_counts(await network_counts(info.context))


Query = merge_types(
    "Query",
    (
        NodeQuery,
        UserQuery,
        PersonQuery,
        FollowUpQuery,
        OrganizationQuery,
        ListQuery,
        NetworkQuery,
        PathQuery,  # the analysis contract, in this order
        RankingQuery,
        CommunityQuery,
        WeakPointQuery,
        NeighbourhoodQuery,
        AnalysisRunQuery,
        EventQuery,
        ProjectQuery,
        PositionQuery,
        AgreementQuery,
        IntroductionQuery,
        InteractionQuery,
        EventReportQuery,
        PipelineQuery,
        DashboardQuery,
        SearchQuery,
        DuplicatesQuery,
        AuditQuery,
        PrivacyQuery,
        TransferQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        UserMutation,
        PersonMutation,
        OrganizationMutation,
        ListMutation,
        AffiliationMutation,
        EventMutation,
        AttendanceMutation,
        ProjectMutation,
        ParticipationMutation,
        PositionMutation,
        ApplicationMutation,
        AgreementMutation,
        AgreementPartyMutation,
        RelationshipMutation,
        IntroductionMutation,
        InteractionMutation,
        MergeMutation,
        PrivacyMutation,
        TransferMutation,
        AnalysisRunMutation,
    ),
)
Subscriptions = merge_types("Subscription", (Subscription, AnalysisRunSubscription))
for root, text in (
    (Query, "Everything you can read: records by ID, lists, analysis and reports."),
    (
        Mutation,
        "Everything you can change; each write runs in one transaction, and an "
        "expected failure comes back in its payload's `errors` with nothing changed.",
    ),
    (Subscriptions, "Changes as they are committed, over graphql-transport-ws on /graphql."),
):
    get_object_definition(root, strict=True).description = text


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        process_errors(errors, execution_context)  # codes; one log line per client error


schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscriptions,
    extensions=schema_extensions(),
)
guard_fields(schema._schema)  # partial results: a refused field answers FORBIDDEN
