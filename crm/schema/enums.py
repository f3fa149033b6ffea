"""The domain's kinds, stages and roles as GraphQL enums (names upper-case, as usual).

Each enum is declared with what it means and what each of its values means: the
domain's enums (`crm.db.enums`) know no GraphQL, so their descriptions live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry

from crm.db import enums

__all__ = ["METRIC_MEANINGS", "described_enum"]

E = TypeVar("E", bound=type[Enum])


def described_enum(
    cls: E, description: str, values: Mapping[str, str], *, name: str | None = None
) -> E:
    """`cls` as a GraphQL enum with `description` and each value's from `values`
    (by member name); a value left out or one too many is an error at import."""
    wrapped = strawberry.enum(cls, name=name, description=description)
    definition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]
    names = {value.name for value in definition.values}
    if names != set(values):
        raise ValueError(f"{cls.__name__}: describe exactly {sorted(names)}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped


#: what each stored network metric of a person measures (influence and brokerage)
METRIC_MEANINGS = {
    "PAGERANK": "PageRank (damping 0.85, ties weighted by strength): reach through "
    "well-connected people.",
    "EIGENVECTOR": "Eigenvector centrality: ties to people who are central themselves; "
    "scaled so that people in small separate groups rank below the main network.",
    "DEGREE": "The sum of the person's tie strengths (each tie counts 0 to 1).",
    "BETWEENNESS": "How often the person lies on the cheapest paths between others "
    "(brokerage); estimated from a sample on large networks.",
    "CONSTRAINT": "Burt's constraint, 0 to about 1: how much the person's contacts know "
    "each other; low marks a broker between groups. Computed for the people with the "
    "highest betweenness.",
    "EFFECTIVE_SIZE": "Burt's effective size: the number of the person's contacts who do "
    "not know each other. Computed for the people with the highest betweenness.",
}


Gender = described_enum(
    enums.Gender,
    "Gender as the person states it.",
    {"FEMALE": "Female.", "MALE": "Male.", "OTHER": "Another gender, or not stated as either."},
)
DialectGroup = described_enum(
    enums.DialectGroup,
    "Chinese dialect group, often a tie between people of one ancestral region.",
    {
        "MANDARIN": "Mandarin (官话/普通话).",
        "HOKKIEN": "Hokkien / Minnan (闽南话), southern Fujian and Taiwan.",
        "CANTONESE": "Cantonese (粤语), Guangdong, Hong Kong and Macau.",
        "HAKKA": "Hakka (客家话).",
        "TEOCHEW": "Teochew (潮州话), Chaoshan in eastern Guangdong.",
        "HAINANESE": "Hainanese (海南话).",
        "FUZHOU": "Fuzhou / Mindong (福州话), eastern Fujian.",
        "HENGHUA": "Henghua / Puxian (莆仙话), Putian in Fujian.",
        "WU": "Wu (吴语), e.g. Shanghainese.",
        "OTHER": "Another dialect group.",
    },
)
Honour = described_enum(
    enums.Honour,
    "Academic and talent-programme honours.",
    {
        "CAS_ACADEMICIAN": "Academician of the Chinese Academy of Sciences (中国科学院院士).",
        "CAE_ACADEMICIAN": "Academician of the Chinese Academy of Engineering (中国工程院院士).",
        "FOREIGN_ACADEMICIAN": "Member of a foreign national academy.",
        "ACFROC_EXPERT": "Expert of the All-China Federation of Returned Overseas Chinese "
        "(侨联专家).",
        "TALENT_WALL": "Listed on a talent wall (人才墙) of an overseas Chinese federation.",
        "NATIONAL_TALENT_PROGRAM": "Selected by a national talent programme.",
        "PROVINCIAL_TALENT_PROGRAM": "Selected by a provincial talent programme.",
    },
)
OrganizationKind = described_enum(
    enums.OrganizationKind,
    "What sort of body an organisation is.",
    {
        "ALUMNI_ASSOCIATION": "An alumni association of a university or school.",
        "SCIENCE_ASSOCIATION": "A science and technology association (科协) or learned society.",
        "OVERSEAS_CHINESE_FEDERATION": "A federation of (returned) overseas Chinese (侨联) "
        "or one of its branches.",
        "HOMETOWN_ASSOCIATION": "A hometown or clan association (同乡会).",
        "CHAMBER_OF_COMMERCE": "A chamber of commerce (商会).",
        "COMPANY": "A company.",
        "UNIVERSITY": "A university.",
        "RESEARCH_INSTITUTE": "A research institute.",
        "GOVERNMENT_AGENCY": "A government body or agency.",
        "FUND": "An investment or guidance fund; has target and committed amounts.",
        "INDUSTRIAL_PARK": "An industrial, science or high-tech park.",
        "HOSPITAL": "A hospital.",
        "SCHOOL": "A school below university level.",
        "FINANCIAL_INSTITUTION": "A bank, insurer or other financial institution.",
        "OTHER": "Anything else.",
    },
)
ProjectKind = described_enum(
    enums.ProjectKind,
    "What sort of project it is.",
    {
        "PROJECT_LEAD": "A project lead (项目线索) collected, not yet worked on.",
        "ENTREPRENEURIAL": "An entrepreneurial (start-up) project.",
        "HIGH_TECH_ACHIEVEMENT": "A high-tech achievement looking for industrial use.",
        "COOPERATION": "A cooperation project between parties.",
        "INVESTMENT": "An investment project.",
    },
)
ProjectStage = described_enum(
    enums.ProjectStage,
    "Where a project stands; it moves forwards from LEAD, or ends as DROPPED.",
    {
        "LEAD": "Known of, nobody contacted yet.",
        "CONTACTED": "First contact made.",
        "NEGOTIATING": "Terms under discussion.",
        "PRELIMINARY_INTENTION": "A preliminary intention to cooperate (意向) was stated.",
        "SIGNED": "An agreement was signed.",
        "IN_PROGRESS": "Being carried out.",
        "COMPLETED": "Finished.",
        "DROPPED": "Given up, at any stage.",
    },
)
EventKind = described_enum(
    enums.EventKind,
    "What sort of event it is.",
    {
        "CONFERENCE": "A conference; its sessions are events with it as parent.",
        "SESSION": "A session, forum or track of a conference.",
        "ROADSHOW": "A project roadshow before investors or hosts.",
        "RECRUITMENT_FAIR": "A recruitment fair where employers meet candidates.",
        "ONLINE_CAMPAIGN": "An online campaign (e.g. collecting resumes or projects).",
        "VISIT": "A visit (a delegation, a site visit).",
        "MEETING": "A meeting.",
    },
)
PositionKind = described_enum(
    enums.PositionKind,
    "The terms of a job demand.",
    {
        "FULL_TIME": "Full-time employment.",
        "FLEXIBLE": "Flexible engagement (柔性引进): part of the year or remote.",
        "PROJECT_BASED": "For the length of a project.",
        "PART_TIME": "Part-time employment.",
    },
)
PositionStatus = described_enum(
    enums.PositionStatus,
    "Whether a job demand is still to be filled.",
    {
        "OPEN": "Taking applications.",
        "FILLED": "Every opening was filled.",
        "CLOSED": "Withdrawn or expired without being filled.",
    },
)
AgreementKind = described_enum(
    enums.AgreementKind,
    "What an agreement is about.",
    {
        "COOPERATION": "Cooperation on a project or programme.",
        "EMPLOYMENT": "Employment of a person.",
        "INVESTMENT": "An investment, usually with an amount.",
        "MECHANISM": "A standing mechanism or memorandum of understanding (MoU).",
    },
)
AgreementStatus = described_enum(
    enums.AgreementStatus,
    "Where an agreement stands.",
    {
        "INTENTION": "An intention was stated; nothing signed yet.",
        "SIGNED": "Signed and in force.",
        "ENDED": "Expired, fulfilled or terminated.",
    },
)
AffiliationRole = described_enum(
    enums.AffiliationRole,
    "What a person is to an organisation.",
    {
        "MEMBER": "A member.",
        "OFFICER": "An officer (vice-president, secretary, director, …).",
        "PRESIDENT": "The president, chair or head.",
        "FOUNDER": "A founder.",
        "EMPLOYEE": "An employee.",
        "ALUMNUS": "A student or former student; the affiliation may give degree and field.",
        "ADVISER": "An adviser or consultant.",
    },
)
Degree = described_enum(
    enums.Degree,
    "An academic degree.",
    {
        "BACHELOR": "Bachelor's degree.",
        "MASTER": "Master's degree.",
        "DOCTORATE": "Doctorate (PhD or equivalent).",
        "POSTDOC": "Postdoctoral research.",
    },
)
RelationshipKind = described_enum(
    enums.RelationshipKind,
    "What ties two people.",
    {
        "CLASSMATE": "Studied together.",
        "COLLEAGUE": "Work or worked together.",
        "MENTOR": "Mentor (the first person) and mentee (the second).",
        "FAMILY": "Family.",
        "FRIEND": "Friends.",
        "CO_AUTHOR": "Published together.",
        "BUSINESS_PARTNER": "Do or did business together.",
        "HOMETOWN": "Share an ancestral hometown and know each other through it.",
    },
)
AttendanceRole = described_enum(
    enums.AttendanceRole,
    "What a person was at an event.",
    {
        "GUEST": "An invited guest.",
        "SPEAKER": "A speaker.",
        "EXPERT": "An expert (judge, reviewer, panel member).",
        "ORGANISER": "An organiser.",
        "EMPLOYER_REPRESENTATIVE": "A representative of an employer recruiting there.",
        "CANDIDATE": "A job or programme candidate.",
        "OFFICIAL": "A government or federation official.",
    },
)
ParticipationRole = described_enum(
    enums.ParticipationRole,
    "What a person or organisation is to a project.",
    {
        "LEAD": "Leads the project.",
        "PARTNER": "A partner in it.",
        "INVESTOR": "Invests in it.",
        "HOST": "Hosts it (a park, a city, an institution).",
        "ADVISER": "Advises it.",
    },
)
PartyRole = described_enum(
    enums.PartyRole,
    "What a person or organisation is to an agreement.",
    {
        "SIGNATORY": "Signs and is bound by it.",
        "WITNESS": "Witnesses the signing.",
        "GUARANTOR": "Guarantees it.",
    },
)
ApplicationStage = described_enum(
    enums.ApplicationStage,
    "Where a job application stands; HIRED, DECLINED and WITHDRAWN end it.",
    {
        "SUBMITTED": "Sent to the employer.",
        "SCREENING": "Being screened or interviewed.",
        "PRELIMINARY_INTENTION": "A preliminary employment intention (就业意向) was stated.",
        "OFFER": "An offer was made.",
        "HIRED": "The person was hired.",
        "DECLINED": "The employer or the person declined.",
        "WITHDRAWN": "The person withdrew the application.",
    },
)
IntroductionStatus = described_enum(
    enums.IntroductionStatus,
    "Where an introduction stands: REQUESTED → BROKER_AGREED → TARGET_AGREED → MADE → "
    "OUTCOME, or DECLINED / WITHDRAWN.",
    {
        "REQUESTED": "Asked for; the brokers have not agreed yet.",
        "BROKER_AGREED": "The brokers agreed to make it.",
        "TARGET_AGREED": "The target agreed to be introduced.",
        "MADE": "The seeker and the target were put in touch.",
        "OUTCOME": "It led to something (a project, agreement or application).",
        "DECLINED": "A broker or the target declined.",
        "WITHDRAWN": "Called off by the side that asked for it.",
    },
)
InteractionKind = described_enum(
    enums.InteractionKind,
    "What sort of contact an interaction was.",
    {
        "MEETING": "A meeting in person or by video.",
        "CALL": "A telephone call.",
        "MESSAGE": "A message (email, WeChat, letter).",
        "NOTE": "A note for the record, such as news heard of the person.",
        "EVENT_ENCOUNTER": "Met at an event.",
    },
)
ConsentPurpose = described_enum(
    enums.ConsentPurpose,
    "What a person consented to.",
    {
        "PROCESSING": "Keeping and processing their data at all.",
        "CONTACT": "Being contacted by staff.",
        "NETWORK_ANALYSIS": "Taking part in network analysis (paths, metrics).",
        "SHARING_WITH_PARTNERS": "Having their data shared with partner organisations.",
    },
)
ConsentChannel = described_enum(
    enums.ConsentChannel,
    "How the consent was given.",
    {
        "PAPER_FORM": "A signed paper form.",
        "ONLINE_FORM": "An online form.",
        "EMAIL": "An email.",
        "VERBAL": "Said aloud, noted by a staff user.",
        "EVENT_REGISTRATION": "Registering for an event.",
    },
)
UserRole = described_enum(
    enums.UserRole,
    "What a staff account may do.",
    {
        "ADMIN": "Reads and writes everything, sees every contact channel, manages users.",
        "LIAISON": "A liaison officer: reads all but the audit log; sees the contact "
        "channels of the people they own or that were shared with them; writes those.",
        "ANALYST": "Reads all but the audit log and contact channels; runs the analysis; "
        "writes nothing.",
        "APP": "A program: reads what its token's scopes name; writes nothing.",
    },
)
AuditAction = described_enum(
    enums.AuditAction,
    "What an audit entry records.",
    {
        "CREATE": "A record was created.",
        "UPDATE": "A record was changed.",
        "DELETE": "A record was deleted.",
        "READ_CONTACT": "A person's contact channel (email, phone, WeChat) was read.",
        "LOGIN": "A user signed in.",
        "EXPORT": "Data was exported (a person's data, a file export).",
        "ERASE": "A person was erased at their request.",
        "MERGE": "Duplicate records were merged into one.",
    },
)
