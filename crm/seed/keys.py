"""Natural keys of the demo's records: the exact names the figures of the seed text hang on."""

from __future__ import annotations

from datetime import date

CONFERENCE_NAME = "首届海外华侨华人人才发展大会"
CONFERENCE_NAME_EN = "First Overseas Chinese Talent Conference for Development"
CONFERENCE_CLOSING_DAY = date(2023, 12, 22)
OPENING_FORUM_NAME = "开幕式暨主论坛"
BEIJING_SESSION_NAME = "北京创新创业及产业政策推介会"
BEIJING_SESSION_NAME_EN = (
    "Beijing Innovation and Entrepreneurship and Industrial Policies Promotion Conference"
)
TALENT_SESSION_NAME = "人才招引对接会"
ACHIEVEMENTS_SESSION_NAME = "项目对接暨成果展示会"
ONLINE_PLATFORM_NAME = "“汇聚侨智”海外人才招引线上平台"
ONLINE_PLATFORM_NAME_EN = (
    "Online talent attraction and introduction platform "
    "for pooling the wisdom of overseas Chinese talents"
)
FUND_NAME = "福建侨商创业振兴基金"
FUND_NAME_EN = "Fujian Revitalization Fund of Overseas Chinese Entrepreneurs"
ACFROC_NAME_EN = "All-China Federation of Returned Overseas Chinese"
BEIJING_FEDERATION_NAME_EN = "Beijing Overseas Chinese Federation"
FUJIAN_FEDERATION_NAME_EN = "Fujian Overseas Chinese Federation"
BEIJING_SCIENCE_COMMISSION_NAME_EN = "Beijing Municipal Science & Technology Commission"
ZHONGGUANCUN_COMMISSION_NAME_EN = "Administrative Commission of Zhongguancun Science Park"
FUJIAN_SCIENCE_DEPARTMENT_NAME_EN = "Fujian Provincial Department of Science and Technology"
SANMING_GOVERNMENT_NAME_EN = "Sanming Municipal People's Government"
ZHONGGUANCUN_PARK_NAME_EN = "Sanming·Zhongguancun Park"
ZHONGGUANCUN_PARK_PROJECT_NAME_EN = "Development of the Sanming·Zhongguancun Park"
#: the four bodies that "further advance the development of the Sanming·Zhongguancun Park"
ZHONGGUANCUN_PARK_PARTNERS: tuple[str, ...] = (
    ZHONGGUANCUN_COMMISSION_NAME_EN,
    FUJIAN_SCIENCE_DEPARTMENT_NAME_EN,
    SANMING_GOVERNMENT_NAME_EN,
    ZHONGGUANCUN_PARK_NAME_EN,
)
MECHANISM_TITLE = (
    "Service Development and Cooperation Mechanism "
    "for Pooling the Wisdom and Strength of Overseas Chinese"
)
OXFORD, CAMBRIDGE, HARVARD = "University of Oxford", "University of Cambridge", "Harvard University"
#: "world-renowned universities such as Oxford, Cambridge and Harvard" (English names)
RENOWNED_UNIVERSITIES: tuple[str, ...] = (
    OXFORD, CAMBRIDGE, HARVARD, "Massachusetts Institute of Technology", "Stanford University",
    "University of California, Berkeley", "Imperial College London", "University College London",
    "ETH Zurich", "University of Tokyo", "National University of Singapore",
    "University of Toronto", "University of Melbourne", "Technical University of Munich",
    "Sorbonne University", "Delft University of Technology",
)  # fmt: skip
PLANNER_TITLE = "策划师"
AI_VISION_TITLE = "AI视觉算法工程师"
