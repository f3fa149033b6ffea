"""Builds the GraphQL schema from the per-domain query and mutation types."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.tools import merge_types

from crm.resolvers.network import network_counts
from crm.schema.affiliation import AffiliationMutation
from crm.schema.agreement import AgreementMutation, AgreementQuery
from crm.schema.agreement_party import AgreementPartyMutation
from crm.schema.analysis import AnalysisQuery
from crm.schema.analysis_run import AnalysisRunMutation, AnalysisRunQuery, AnalysisRunSubscription
from crm.schema.application import ApplicationMutation
from crm.schema.attendance import AttendanceMutation
from crm.schema.audit import AuditQuery
from crm.schema.dashboard import DashboardQuery
from crm.schema.event import EventMutation, EventQuery
from crm.schema.event_report import EventReportQuery
from crm.schema.extensions import schema_extensions
from crm.schema.follow_up import FollowUpQuery
from crm.schema.info import Info
from crm.schema.interaction import InteractionMutation, InteractionQuery
from crm.schema.introduction import IntroductionMutation, IntroductionQuery
from crm.schema.list import ListMutation, ListQuery
from crm.schema.merge import DuplicatesQuery, MergeMutation
from crm.schema.network import NetworkStats
from crm.schema.organization import OrganizationMutation, OrganizationQuery
from crm.schema.participation import ParticipationMutation
from crm.schema.person import PersonMutation, PersonQuery
from crm.schema.pipeline import PipelineQuery
from crm.schema.position import PositionMutation, PositionQuery
from crm.schema.privacy import PrivacyMutation, PrivacyQuery
from crm.schema.project import ProjectMutation, ProjectQuery
from crm.schema.relationship import RelationshipMutation
from crm.schema.search import SearchQuery
from crm.schema.subscription import Subscription
from crm.schema.transfer import TransferMutation, TransferQuery
from crm.schema.user import UserMutation, UserQuery


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
        AnalysisQuery,
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


schema = strawberry.Schema(
    query=Query, mutation=Mutation, subscription=Subscriptions, extensions=schema_extensions()
)
