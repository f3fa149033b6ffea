"""Table models, one module per aggregate; importing this package registers them all."""

from crm.db.models.affiliation import Affiliation
from crm.db.models.agreement import Agreement, AgreementParty
from crm.db.models.analysis_run import AnalysisRun
from crm.db.models.attendance import Attendance
from crm.db.models.audit import AuditEntry
from crm.db.models.consent import Consent
from crm.db.models.erasure import Erasure, ErasureKey
from crm.db.models.event import Event
from crm.db.models.graph import DataState, GraphChange, GraphState
from crm.db.models.interaction import Interaction, InteractionParticipant
from crm.db.models.introduction import Introduction, IntroductionStatusChange
from crm.db.models.list import List, ListMember, ListShare
from crm.db.models.merge import MergeRecord
from crm.db.models.metric import ComputedMetric
from crm.db.models.name_key import NameKey, NameKeyKind
from crm.db.models.organization import Organization
from crm.db.models.person import Person
from crm.db.models.position import Application, ApplicationStageChange, Position
from crm.db.models.project import Participation, Project, ProjectStageChange
from crm.db.models.relationship import Relationship
from crm.db.models.user import ApiToken, PersonShare, User

__all__ = [
    "Affiliation",
    "Agreement",
    "AgreementParty",
    "AnalysisRun",
    "ApiToken",
    "Application",
    "ApplicationStageChange",
    "Attendance",
    "AuditEntry",
    "ComputedMetric",
    "Consent",
    "DataState",
    "Erasure",
    "ErasureKey",
    "Event",
    "GraphChange",
    "GraphState",
    "Interaction",
    "InteractionParticipant",
    "Introduction",
    "IntroductionStatusChange",
    "List",
    "ListMember",
    "ListShare",
    "MergeRecord",
    "NameKey",
    "NameKeyKind",
    "Organization",
    "Participation",
    "Person",
    "PersonShare",
    "Position",
    "Project",
    "ProjectStageChange",
    "Relationship",
    "User",
]

#: tables whose rows are nodes or links of the network: a change to one moves the
#: graph revision
GRAPH_TABLES: frozenset[str] = frozenset(
    {
        "person",
        "organization",
        "event",
        "project",
        "affiliation",
        "relationship",
        "attendance",
        "participation",
        "agreement",
        "agreement_party",
        "introduction",
        "interaction",
        "interaction_participant",
        "consent",
    }
)
