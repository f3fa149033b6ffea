"""The domain's kinds, stages and roles as GraphQL enums (names upper-case, as usual)."""

from __future__ import annotations

import strawberry

from crm.db import enums

Gender = strawberry.enum(enums.Gender)
DialectGroup = strawberry.enum(enums.DialectGroup, description="Chinese dialect group.")
Honour = strawberry.enum(enums.Honour, description="Academic and talent-programme honours.")
OrganizationKind = strawberry.enum(enums.OrganizationKind)
ProjectKind = strawberry.enum(enums.ProjectKind)
ProjectStage = strawberry.enum(enums.ProjectStage)
EventKind = strawberry.enum(enums.EventKind)
PositionKind = strawberry.enum(enums.PositionKind)
PositionStatus = strawberry.enum(enums.PositionStatus)
AgreementKind = strawberry.enum(enums.AgreementKind)
AgreementStatus = strawberry.enum(enums.AgreementStatus)
AffiliationRole = strawberry.enum(enums.AffiliationRole)
Degree = strawberry.enum(enums.Degree)
RelationshipKind = strawberry.enum(enums.RelationshipKind)
AttendanceRole = strawberry.enum(enums.AttendanceRole)
ParticipationRole = strawberry.enum(enums.ParticipationRole)
PartyRole = strawberry.enum(enums.PartyRole)
ApplicationStage = strawberry.enum(enums.ApplicationStage)
IntroductionStatus = strawberry.enum(enums.IntroductionStatus)
InteractionKind = strawberry.enum(enums.InteractionKind)
ConsentPurpose = strawberry.enum(enums.ConsentPurpose, description="What a person consented to.")
ConsentChannel = strawberry.enum(enums.ConsentChannel, description="How the consent was given.")
UserRole = strawberry.enum(enums.UserRole)
AuditAction = strawberry.enum(enums.AuditAction, description="What an audit entry records.")
