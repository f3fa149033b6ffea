"""Fields of expertise and the job titles and project topics that belong to each."""

from __future__ import annotations

from typing import NamedTuple

from crm.seed.keys import AI_VISION_TITLE, PLANNER_TITLE

__all__ = [
    "ACFROC_FIELDS",
    "AI",
    "BIOMEDICINE",
    "FIELDS",
    "FLEXIBLE_TITLES",
    "HIGH_ENERGY_PHYSICS",
    "HIGH_LEVEL_TITLES",
    "PROJECT_TOPICS",
    "TITLES",
    "Title",
]

AI = "artificial intelligence"
BIOMEDICINE = "biomedicine"
HIGH_ENERGY_PHYSICS = "high-energy physics"
#: "specialized in fields such as high-energy physics, artificial intelligence and biomedicine"
ACFROC_FIELDS: tuple[str, ...] = (HIGH_ENERGY_PHYSICS, AI, BIOMEDICINE)

#: field of expertise (as stored on people, positions, projects) → its Chinese name
FIELDS: dict[str, str] = {
    AI: "人工智能",
    BIOMEDICINE: "生物医药",
    HIGH_ENERGY_PHYSICS: "高能物理",
    "digital economy": "数字经济",
    "marine economy": "海洋经济",
    "new energy": "新能源",
    "new materials": "新材料",
    "integrated circuits": "集成电路",
    "advanced manufacturing": "高端装备制造",
    "finance": "金融",
    "clinical medicine": "临床医学",
    "environmental engineering": "环境工程",
    "modern agriculture": "现代农业",
    "education": "教育",
    "logistics": "现代物流",
    "law": "法律",
}


class Title(NamedTuple):
    zh: str
    en: str


TITLES: dict[str, tuple[Title, ...]] = {
    AI: (Title("机器学习工程师", "machine learning engineer"),
         Title("自然语言处理算法工程师", "NLP algorithm engineer"),
         Title("数据科学家", "data scientist")),
    BIOMEDICINE: (Title("药物研发科学家", "drug discovery scientist"),
                  Title("临床研究经理", "clinical research manager"),
                  Title("生物信息分析师", "bioinformatics analyst")),
    HIGH_ENERGY_PHYSICS: (Title("加速器物理研究员", "accelerator physicist"),
                          Title("粒子探测器工程师", "particle detector engineer")),
    "digital economy": (Title("产品经理", "product manager"),
                        Title("全栈开发工程师", "full-stack developer"),
                        Title("数据分析师", "data analyst")),
    "marine economy": (Title("海洋工程师", "marine engineer"),
                       Title("水产养殖技术主管", "aquaculture technical supervisor"),
                       Title("港航物流经理", "port and shipping logistics manager")),
    "new energy": (Title("电池材料研发工程师", "battery materials R&D engineer"),
                   Title("储能系统工程师", "energy storage systems engineer"),
                   Title("光伏工艺工程师", "photovoltaic process engineer")),
    "new materials": (Title("材料研发工程师", "materials R&D engineer"),
                      Title("高分子材料工程师", "polymer materials engineer")),
    "integrated circuits": (Title("芯片设计工程师", "chip design engineer"),
                            Title("半导体工艺工程师", "semiconductor process engineer")),
    "advanced manufacturing": (Title("智能制造工程师", "smart manufacturing engineer"),
                               Title("机械设计工程师", "mechanical design engineer"),
                               Title("质量经理", "quality manager")),
    "finance": (Title("投资经理", "investment manager"),
                Title("风险控制经理", "risk control manager"),
                Title("跨境金融顾问", "cross-border finance adviser")),
    "clinical medicine": (Title("主治医师", "attending physician"),
                          Title("护士长", "head nurse"),
                          Title("医学影像科医师", "radiologist")),
    "environmental engineering": (Title("环保工程师", "environmental engineer"),),
    "modern agriculture": (Title("茶叶种植技术员", "tea cultivation technician"),
                           Title("食用菌研发工程师", "edible fungi R&D engineer")),
    "education": (Title("中学英语教师", "secondary school English teacher"),
                  Title("大学讲师", "university lecturer"),
                  Title("教研主管", "head of teaching and research")),
    "logistics": (Title("国际物流经理", "international logistics manager"),),
    "law": (Title("涉外律师", "foreign-related lawyer"),),
}  # fmt: skip

#: high-level demands ("doctorate, senior expert"); "{}" takes the field's Chinese name
HIGH_LEVEL_TITLES: tuple[Title, ...] = (
    Title("{}首席科学家", "chief scientist"),
    Title("{}研发总监", "R&D director"),
    Title("{}学科带头人", "academic leader"),
    Title("博士后研究员（{}）", "postdoctoral researcher"),
    Title("{}高级专家", "senior expert"),
)

#: flexible and project-based positions "such as planners and AI visual algorithm engineers"
FLEXIBLE_TITLES: tuple[tuple[Title, str], ...] = (
    (Title(PLANNER_TITLE, "planner"), "digital economy"),
    (Title(AI_VISION_TITLE, "AI visual algorithm engineer"), AI),
    (Title("品牌策划师", "brand planner"), "digital economy"),
    (Title("远程数据标注专家", "remote data annotation specialist"), AI),
    (Title("海外市场拓展顾问", "overseas market development adviser"), "logistics"),
    (Title("项目制研发顾问", "project-based R&D adviser"), "new materials"),
    (Title("短期技术顾问（新能源）", "short-term technical adviser, new energy"), "new energy"),
    (Title("兼职法律顾问", "part-time legal adviser"), "law"),
)

#: project topics per field, as (Chinese, English)
PROJECT_TOPICS: dict[str, tuple[Title, ...]] = {
    AI: (Title("工业视觉质检平台", "industrial visual inspection platform"),
         Title("智慧港口调度系统", "smart port scheduling system"),
         Title("多语种侨务智能客服", "multilingual AI service desk"),
         Title("医疗影像辅助诊断", "AI-assisted medical imaging diagnosis")),
    BIOMEDICINE: (Title("海洋生物医药中试平台", "marine biomedicine pilot platform"),
                  Title("创新抗体药物研发", "innovative antibody drug development"),
                  Title("基因检测试剂盒产业化", "genetic test kit industrialisation")),
    HIGH_ENERGY_PHYSICS: (Title("医用质子加速器", "medical proton accelerator"),
                          Title("辐射探测器国产化", "domestic radiation detectors")),
    "digital economy": (Title("跨境电商服务平台", "cross-border e-commerce platform"),
                        Title("侨乡数字文旅", "digital tourism for ancestral hometowns"),
                        Title("中小企业数字化转型服务", "SME digital transformation services")),
    "marine economy": (Title("深远海养殖装备", "deep-sea aquaculture equipment"),
                       Title("海上风电运维", "offshore wind operations and maintenance"),
                       Title("大黄鱼全产业链", "large yellow croaker value chain")),
    "new energy": (Title("固态电池隔膜材料", "solid-state battery separator materials"),
                   Title("氢燃料电池系统", "hydrogen fuel cell systems"),
                   Title("分布式光伏储能", "distributed photovoltaic storage")),
    "new materials": (Title("石墨烯导热膜", "graphene thermal films"),
                      Title("稀土功能材料", "rare-earth functional materials")),
    "integrated circuits": (Title("车规级芯片封测", "automotive chip packaging and testing"),
                            Title("化合物半导体外延片", "compound semiconductor epitaxial wafers")),
    "advanced manufacturing": (Title("工业机器人集成", "industrial robot integration"),
                               Title("智能纺织装备", "smart textile machinery")),
    "modern agriculture": (Title("武夷岩茶品牌出海", "Wuyi rock tea going global"),
                           Title("食用菌精深加工", "edible fungi deep processing")),
}  # fmt: skip
