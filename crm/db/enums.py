"""Kinds, stages and roles of the domain; stored as their lower-case values."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class DialectGroup(StrEnum):
    MANDARIN = "mandarin"
    HOKKIEN = "hokkien"
    CANTONESE = "cantonese"
    HAKKA = "hakka"
    TEOCHEW = "teochew"
    HAINANESE = "hainanese"
    FUZHOU = "fuzhou"
    HENGHUA = "henghua"
    WU = "wu"
    OTHER = "other"


class Honour(StrEnum):
    CAS_ACADEMICIAN = "cas_academician"
    CAE_ACADEMICIAN = "cae_academician"
    FOREIGN_ACADEMICIAN = "foreign_academician"
    ACFROC_EXPERT = "acfroc_expert"
    TALENT_WALL = "talent_wall"
    NATIONAL_TALENT_PROGRAM = "national_talent_program"
    PROVINCIAL_TALENT_PROGRAM = "provincial_talent_program"


class OrganizationKind(StrEnum):
    ALUMNI_ASSOCIATION = "alumni_association"
    SCIENCE_ASSOCIATION = "science_association"
    OVERSEAS_CHINESE_FEDERATION = "overseas_chinese_federation"
    HOMETOWN_ASSOCIATION = "hometown_association"
    CHAMBER_OF_COMMERCE = "chamber_of_commerce"
    COMPANY = "company"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    GOVERNMENT_AGENCY = "government_agency"
    FUND = "fund"
    INDUSTRIAL_PARK = "industrial_park"
    HOSPITAL = "hospital"
    SCHOOL = "school"
    FINANCIAL_INSTITUTION = "financial_institution"
    OTHER = "other"


class ProjectKind(StrEnum):
    PROJECT_LEAD = "project_lead"
    ENTREPRENEURIAL = "entrepreneurial"
    HIGH_TECH_ACHIEVEMENT = "high_tech_achievement"
    COOPERATION = "cooperation"
    INVESTMENT = "investment"


class ProjectStage(StrEnum):
    LEAD = "lead"
    CONTACTED = "contacted"
    NEGOTIATING = "negotiating"
    PRELIMINARY_INTENTION = "preliminary_intention"
    SIGNED = "signed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


#: "negotiated and discussed": the stages a project reaches once talks have begun
NEGOTIATED_STAGES = (
    ProjectStage.NEGOTIATING,
    ProjectStage.PRELIMINARY_INTENTION,
    ProjectStage.SIGNED,
    ProjectStage.IN_PROGRESS,
    ProjectStage.COMPLETED,
)


class EventKind(StrEnum):
    CONFERENCE = "conference"
    SESSION = "session"
    ROADSHOW = "roadshow"
    RECRUITMENT_FAIR = "recruitment_fair"
    ONLINE_CAMPAIGN = "online_campaign"
    VISIT = "visit"
    MEETING = "meeting"


class PositionKind(StrEnum):
    FULL_TIME = "full_time"
    FLEXIBLE = "flexible"
    PROJECT_BASED = "project_based"
    PART_TIME = "part_time"


class PositionStatus(StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class AgreementKind(StrEnum):
    COOPERATION = "cooperation"
    EMPLOYMENT = "employment"
    INVESTMENT = "investment"
    MECHANISM = "mechanism"


class AgreementStatus(StrEnum):
    INTENTION = "intention"
    SIGNED = "signed"
    ENDED = "ended"


class AffiliationRole(StrEnum):
    MEMBER = "member"
    OFFICER = "officer"
    PRESIDENT = "president"
    FOUNDER = "founder"
    EMPLOYEE = "employee"
    ALUMNUS = "alumnus"
    ADVISER = "adviser"


class Degree(StrEnum):
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"
    POSTDOC = "postdoc"


class RelationshipKind(StrEnum):
    CLASSMATE = "classmate"
    COLLEAGUE = "colleague"
    MENTOR = "mentor"
    FAMILY = "family"
    FRIEND = "friend"
    CO_AUTHOR = "co_author"
    BUSINESS_PARTNER = "business_partner"
    HOMETOWN = "hometown"


class AttendanceRole(StrEnum):
    GUEST = "guest"
    SPEAKER = "speaker"
    EXPERT = "expert"
    ORGANISER = "organiser"
    EMPLOYER_REPRESENTATIVE = "employer_representative"
    CANDIDATE = "candidate"
    OFFICIAL = "official"


class ParticipationRole(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    INVESTOR = "investor"
    HOST = "host"
    ADVISER = "adviser"


class PartyRole(StrEnum):
    SIGNATORY = "signatory"
    WITNESS = "witness"
    GUARANTOR = "guarantor"


class ApplicationStage(StrEnum):
    SUBMITTED = "submitted"
    SCREENING = "screening"
    PRELIMINARY_INTENTION = "preliminary_intention"
    OFFER = "offer"
    HIRED = "hired"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class IntroductionStatus(StrEnum):
    REQUESTED = "requested"
    BROKER_AGREED = "broker_agreed"
    TARGET_AGREED = "target_agreed"
    MADE = "made"
    OUTCOME = "outcome"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class InteractionKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    MESSAGE = "message"
    NOTE = "note"
    EVENT_ENCOUNTER = "event_encounter"


class UserRole(StrEnum):
    ADMIN = "admin"
    LIAISON = "liaison"
    ANALYST = "analyst"
    APP = "app"


class ConsentPurpose(StrEnum):
    PROCESSING = "processing"
    CONTACT = "contact"
    NETWORK_ANALYSIS = "network_analysis"
    SHARING_WITH_PARTNERS = "sharing_with_partners"


class ConsentChannel(StrEnum):
    PAPER_FORM = "paper_form"
    ONLINE_FORM = "online_form"
    EMAIL = "email"
    VERBAL = "verbal"
    EVENT_REGISTRATION = "event_registration"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    READ_CONTACT = "read_contact"
    LOGIN = "login"
    EXPORT = "export"
    ERASE = "erase"
    MERGE = "merge"


class ChangeOp(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class ListKind(StrEnum):
    """What a staff list holds."""

    PERSON = "person"
    ORGANIZATION = "organization"
