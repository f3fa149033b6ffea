"""Every table as a SQLAlchemy `Table`, by its domain name, for queries written in Core.

The table models (`crm.db.models`) are the declarations; queries that select, join and
aggregate in SQLAlchemy Core import their handles from here (`from crm.db.tables import
person, affiliation`) instead of each module taking them from the models again.
"""

from __future__ import annotations

from crm.db import models
from crm.db.queries.common import table_of

__all__ = [
    "affiliation",
    "agreement",
    "agreement_party",
    "analysis_run",
    "application",
    "application_change",
    "attendance",
    "audit_entry",
    "computed_metric",
    "consent",
    "erasure",
    "erasure_key",
    "event",
    "graph_change",
    "interaction",
    "interaction_participant",
    "introduction",
    "introduction_change",
    "merge_record",
    "name_key",
    "organization",
    "participation",
    "person",
    "person_share",
    "position",
    "project",
    "project_change",
    "relationship",
]

affiliation = table_of(models.Affiliation)
agreement = table_of(models.Agreement)
agreement_party = table_of(models.AgreementParty)
analysis_run = table_of(models.AnalysisRun)
application = table_of(models.Application)
application_change = table_of(models.ApplicationStageChange)
attendance = table_of(models.Attendance)
audit_entry = table_of(models.AuditEntry)
computed_metric = table_of(models.ComputedMetric)
consent = table_of(models.Consent)
erasure = table_of(models.Erasure)
erasure_key = table_of(models.ErasureKey)
event = table_of(models.Event)
graph_change = table_of(models.GraphChange)
interaction = table_of(models.Interaction)
interaction_participant = table_of(models.InteractionParticipant)
introduction = table_of(models.Introduction)
introduction_change = table_of(models.IntroductionStatusChange)
merge_record = table_of(models.MergeRecord)
name_key = table_of(models.NameKey)
organization = table_of(models.Organization)
participation = table_of(models.Participation)
person = table_of(models.Person)
person_share = table_of(models.PersonShare)
position = table_of(models.Position)
project = table_of(models.Project)
project_change = table_of(models.ProjectStageChange)
relationship = table_of(models.Relationship)
