"""Realistic bilingual Chinese names, spelled the way people in each place spell their own.

Hand-made tables (no Faker, no pypinyin) of surnames and given-name characters with
their Hanyu Pinyin, Wade–Giles, Cantonese and Hokkien/Teochew/Hakka romanisations, and
a generator that, from a `random.Random`, writes a name as a person living in a given
country would: 陈建国 "Chen Jianguo" in Fuzhou, 陳建國 "Chan Kin-kwok" in Hong Kong,
"Chen Chien-kuo" in Taipei, "Tan Kian Kok" in Singapore, "David Chen" in Boston.

>>> from random import Random
>>> name, latin = person_name(Random(1), "HK", gender=Gender.MALE)
>>> name[0] in {s.traditional[0] for s in SURNAMES}
True
"""

from __future__ import annotations

from itertools import accumulate
from random import Random
from typing import NamedTuple

from crm.db.enums import DialectGroup, Gender

__all__ = [
    "GIVEN_SYLLABLES",
    "SOUTHEAST_ASIA",
    "SURNAMES",
    "GivenSyllable",
    "Surname",
    "dialect_group_for",
    "person_name",
    "spellings",
]


class Surname(NamedTuple):
    simplified: str
    traditional: str
    pinyin: str
    wade_giles: str
    #: variants are separated by "/" ("Lau/Lao"); "_" stands for a space ("Ow_Yong")
    cantonese: str
    hokkien: str
    teochew: str
    hakka: str
    #: the older Dutch-era Hokkien spellings still common in Indonesia (Oei, Liem, Tjia)
    indonesian: str
    weight: int


class GivenSyllable(NamedTuple):
    simplified: str
    traditional: str
    pinyin: str
    wade_giles: str
    cantonese: str
    hokkien: str
    #: "m", "f" or "n" (either)
    gender: str


# simplified traditional pinyin wade-giles cantonese hokkien teochew hakka indonesian weight
_SURNAME_TABLE = """
陈 陳 Chen Ch'en Chan Tan Tan Chin Tan 10
林 林 Lin Lin Lam Lim Lim Lam Liem 9
黄 黃 Huang Huang Wong Ng Ng Wong Oei 7
李 李 Li Li Lee Lee Lee Lee Lie 6
王 王 Wang Wang Wong Ong Heng Wong Ong 6
张 張 Zhang Chang Cheung Teo Teo Chong Thio 5
吴 吳 Wu Wu Ng Goh Ng Ng Go 4
刘 劉 Liu Liu Lau/Lao Lau Lau Liew Lauw 4
郑 鄭 Zheng Cheng Cheng Tay/Teh Tay Chang The 4
杨 楊 Yang Yang Yeung Yeo Yeo Yong Njoo 3
许 許 Xu Hsu Hui Koh/Khoo Khor Hee Kho 3
谢 謝 Xie Hsieh Tse Chia/Seah Chia Chia Tjia 3
周 周 Zhou Chou Chow Chew Chiu Chew Tjioe 3
蔡 蔡 Cai Ts'ai Choi Chua Chua Chai Tjoa 3
洪 洪 Hong Hung Hung Ang Ang Fung Ang 2
苏 蘇 Su Su So Soh Soh Soo Souw 2
庄 莊 Zhuang Chuang Chong Chng Chng Chong Tjong 2
叶 葉 Ye Yeh Yip Yap Yap Yap Yap 2
郭 郭 Guo Kuo Kwok Quek Kueh Kwok Kwee 2
曾 曾 Zeng Tseng Tsang Chan Tsang Chen Tjan 2
何 何 He Ho Ho Ho Ho Ho Ho 2
梁 梁 Liang Liang Leung Neo Nio Liong Nio 2
罗 羅 Luo Lo Law/Lo Lo Lo Lo Lo 2
施 施 Shi Shih Sze See Si Sze Sie 2
朱 朱 Zhu Chu Chu Choo Chu Chu Tjoe 2
徐 徐 Xu Hsu Tsui Chee Tshi Chee Tjie 2
方 方 Fang Fang Fong Png Hng Fong Pang 2
赵 趙 Zhao Chao Chiu Teo Tio Chew Tio 2
孙 孫 Sun Sun Suen Sng Sng Soon Sun 2
高 高 Gao Kao Ko Koh/Kow Kau Kow Ko 2
邱 邱 Qiu Ch'iu Yau Khoo Khu Hew Khoe 1
卓 卓 Zhuo Cho Cheuk Toh Toh Chok Toh 1
柯 柯 Ke K'o O Kua Kua Ko Kwa 1
傅 傅 Fu Fu Foo Poh Hu Foo Poo 1
潘 潘 Pan P'an Poon Phua Phua Phan Phoa 1
宋 宋 Song Sung Sung Song Song Sung Song 1
余 余 Yu Yu Yue Ee Ee Yee Ie 1
马 馬 Ma Ma Ma Beh Be Mah Bee 1
黎 黎 Li Li Lai Lay Loi Lai Lie 1
欧阳 歐陽 Ouyang Ou-yang Au-yeung Ow_Yong Au_Yong Au_Yong Auwjang 1
"""

# simplified traditional pinyin wade-giles cantonese hokkien gender
_GIVEN_TABLE = """
建 建 jian chien kin kian m
国 國 guo kuo kwok kok m
明 明 ming ming ming beng n
华 華 hua hua wah hua n
伟 偉 wei wei wai wee m
志 志 zhi chih chi chee m
强 強 qiang ch'iang keung kiang m
文 文 wen wen man boon n
德 德 de te tak tek m
辉 輝 hui hui fai huay m
永 永 yong yung wing eng m
荣 榮 rong jung wing eng m
海 海 hai hai hoi hai m
平 平 ping p'ing ping peng n
成 成 cheng ch'eng shing seng m
祥 祥 xiang hsiang cheung siang m
宏 宏 hong hung wang hong m
俊 俊 jun chun chun choon m
杰 傑 jie chieh kit kiat m
光 光 guang kuang kwong kong m
金 金 jin chin kam kim n
福 福 fu fu fook hock m
顺 順 shun shun shun soon m
振 振 zhen chen chun chin m
耀 耀 yao yao yiu yeow m
家 家 jia chia ka kah n
安 安 an an on ann n
东 東 dong tung tung tong m
龙 龍 long lung lung leong m
兴 興 xing hsing hing heng m
达 達 da ta tat tat m
贤 賢 xian hsien yin hian n
锦 錦 jin chin kam kim n
泉 泉 quan ch'uan chuen chuan m
清 清 qing ch'ing ching cheng n
思 思 si ssu sze soo n
浩 浩 hao hao ho ho m
鹏 鵬 peng p'eng pang pheng m
涛 濤 tao t'ao to tho m
峰 峰 feng feng fung hong m
仁 仁 ren jen yan jin m
智 智 zhi chih chi ti m
勇 勇 yong yung yung yong m
昌 昌 chang ch'ang cheong chiang m
源 源 yuan yuan yuen guan m
胜 勝 sheng sheng sing seng m
宇 宇 yu yu yu u m
春 春 chun ch'un chun choon n
秋 秋 qiu ch'iu chau chiu n
云 雲 yun yun wan hun n
新 新 xin hsin sun sin n
晓 曉 xiao hsiao hiu hiao n
敏 敏 min min man bin f
美 美 mei mei mei bee f
玲 玲 ling ling ling ling f
丽 麗 li li lai lee f
芳 芳 fang fang fong hong f
秀 秀 xiu hsiu sau siew f
英 英 ying ying ying eng f
慧 慧 hui hui wai hui f
婷 婷 ting t'ing ting teng f
雅 雅 ya ya nga ngah f
琳 琳 lin lin lam lim f
珍 珍 zhen chen chun tin f
凤 鳳 feng feng fung hong f
燕 燕 yan yen yin ean f
静 靜 jing ching ching cheng f
欣 欣 xin hsin yan him f
怡 怡 yi i yi ee f
佳 佳 jia chia kai ka f
琪 琪 qi ch'i ki ki f
雪 雪 xue hsueh suet suat f
梅 梅 mei mei mui muay f
月 月 yue yueh yuet guat f
莉 莉 li li lei lee f
颖 穎 ying ying wing eng f
"""

SURNAMES: tuple[Surname, ...] = tuple(
    Surname(*row[:9], weight=int(row[9]))
    for row in (line.split() for line in _SURNAME_TABLE.strip().splitlines())
)
GIVEN_SYLLABLES: tuple[GivenSyllable, ...] = tuple(
    GivenSyllable(*line.split()) for line in _GIVEN_TABLE.strip().splitlines()
)
_SURNAME_CUM_WEIGHTS = list(accumulate(s.weight for s in SURNAMES))

_WESTERN_NAMES: dict[str, dict[Gender, tuple[str, ...]]] = {
    "en": {
        Gender.MALE: (
            "David", "Michael", "Kenneth", "Peter", "Andrew", "Kelvin", "Jason", "Eric",
            "Vincent", "Raymond", "Stanley", "Alan", "Patrick", "Daniel", "William", "Henry",
        ),
        Gender.FEMALE: (
            "Grace", "Jennifer", "Michelle", "Catherine", "Joyce", "Irene", "Vivian", "Cindy",
            "Angela", "Helen", "Emily", "Sophia", "Rachel", "Jessica", "Karen", "Amy",
        ),
    },
    "de": {
        Gender.MALE: ("Thomas", "Michael", "Stefan", "Andreas", "Felix", "Jan"),
        Gender.FEMALE: ("Julia", "Anna", "Katrin", "Lena", "Sabine", "Laura"),
    },
    "fr": {
        Gender.MALE: ("Pierre", "Julien", "Nicolas", "Louis", "Thomas", "Antoine"),
        Gender.FEMALE: ("Sophie", "Camille", "Claire", "Julie", "Marie", "Chloé"),
    },
}  # fmt: skip

#: where the Hokkien, Teochew, Cantonese and Hakka spellings of Nanyang Chinese are used
SOUTHEAST_ASIA: frozenset[str] = frozenset({"SG", "MY", "ID", "PH", "TH", "BN"})
_SIMPLIFIED_WRITERS = frozenset({"CN", "SG", "MY"})
_NANYANG_SPELLINGS = {
    DialectGroup.TEOCHEW: "teochew",
    DialectGroup.CANTONESE: "cantonese",
    DialectGroup.HAKKA: "hakka",
}


def dialect_group_for(country: str, heritage: DialectGroup | None) -> DialectGroup:
    """The dialect group that fits both a person's heritage and how their country spells.

    Hong Kong and Macau romanise Cantonese, so their people are Cantonese; mainland China
    and Taiwan spell everyone in standard Mandarin (pinyin, Wade–Giles), so the heritage
    group stands; in Southeast Asia the spelling follows the heritage group (Hokchia of
    Fuqing and other Min speakers there mostly use Hokkien-style spellings).
    """
    if country in {"HK", "MO"}:
        return DialectGroup.CANTONESE
    return heritage or DialectGroup.MANDARIN


def person_name(
    rng: Random,
    country: str,
    *,
    gender: Gender = Gender.MALE,
    dialect: DialectGroup | None = None,
) -> tuple[str, str]:
    """(the name as written, the person's own Latin spelling) for a resident of `country`."""
    dialect = dialect or dialect_group_for(country, None)
    surname = SURNAMES[rng.choices(range(len(SURNAMES)), cum_weights=_SURNAME_CUM_WEIGHTS)[0]]
    given = _given(rng, gender, 1 if rng.random() < 0.15 else 2)
    if country == "CN":
        return _mainland(rng, surname, given)
    if country in {"HK", "MO"}:
        return _hong_kong(rng, country, surname, given, gender)
    if country == "TW":
        return _taiwan(rng, surname, given)
    if country in SOUTHEAST_ASIA:
        return _nanyang(rng, country, surname, given, gender, dialect)
    return _abroad(rng, country, surname, given, gender, dialect)


def spellings(surname: Surname, system: str) -> tuple[str, ...]:
    """The Latin spellings of a surname in one system ("pinyin", "cantonese", …)."""
    return tuple(v.replace("_", " ") for v in str(getattr(surname, system)).split("/"))


def _given(rng: Random, gender: Gender, count: int) -> list[GivenSyllable]:
    wanted = {"n", "m"} if gender == Gender.MALE else {"n", "f"}
    pool = [s for s in GIVEN_SYLLABLES if s.gender in wanted]
    return rng.sample(pool, count)


def _written(surname: Surname, given: list[GivenSyllable], *, traditional: bool) -> str:
    if traditional:
        return surname.traditional + "".join(s.traditional for s in given)
    return surname.simplified + "".join(s.simplified for s in given)


def _pinyin(given: list[GivenSyllable]) -> str:
    # A syllable starting with a, o or e after another takes an apostrophe (Jia'an).
    text = given[0].pinyin
    for syllable in given[1:]:
        text += ("'" if syllable.pinyin[0] in "aoe" else "") + syllable.pinyin
    return text.capitalize()


def _hyphenated(parts: list[str]) -> str:
    return "-".join(parts).capitalize()


def _pick(rng: Random, surname: Surname, system: str) -> str:
    return rng.choice(spellings(surname, system))


def _western(rng: Random, country: str, gender: Gender) -> str:
    language = {"DE": "de", "AT": "de", "CH": "de", "FR": "fr"}.get(country, "en")
    return rng.choice(_WESTERN_NAMES[language][gender])


def _mainland(rng: Random, surname: Surname, given: list[GivenSyllable]) -> tuple[str, str]:
    family, personal = surname.pinyin, _pinyin(given)
    latin = f"{family} {personal}" if rng.random() < 0.6 else f"{personal} {family}"
    return _written(surname, given, traditional=False), latin


def _hong_kong(
    rng: Random, country: str, surname: Surname, given: list[GivenSyllable], gender: Gender
) -> tuple[str, str]:
    family = _pick(rng, surname, "cantonese")
    if country == "HK" and family == "Lao":
        family = "Lau"  # "Lao" is the Macau spelling
    personal = _hyphenated([s.cantonese for s in given])
    roll = rng.random()
    if roll < 0.65:
        latin = f"{family} {personal}"
    elif roll < 0.9:
        latin = f"{_western(rng, country, gender)} {family}"
    else:
        latin = f"{_western(rng, country, gender)} {family} {personal}"
    return _written(surname, given, traditional=True), latin


def _taiwan(rng: Random, surname: Surname, given: list[GivenSyllable]) -> tuple[str, str]:
    # Taiwanese passports write Wade–Giles without the aspiration apostrophes.
    family = surname.wade_giles.replace("'", "").replace("-y", "y").capitalize()
    personal = _hyphenated([s.wade_giles.replace("'", "") for s in given])
    latin = f"{family} {personal}" if rng.random() < 0.6 else f"{personal} {family}"
    return _written(surname, given, traditional=True), latin


def _nanyang(
    rng: Random,
    country: str,
    surname: Surname,
    given: list[GivenSyllable],
    gender: Gender,
    dialect: DialectGroup,
) -> tuple[str, str]:
    system = _NANYANG_SPELLINGS.get(dialect, "hokkien")
    if system == "hokkien" and country == "ID":
        system = "indonesian"
    family = _pick(rng, surname, system)
    syllables = [s.cantonese if system in {"cantonese", "hakka"} else s.hokkien for s in given]
    personal = " ".join(s.capitalize() for s in syllables)
    roll = rng.random()
    if roll < 0.7:
        latin = f"{family} {personal}"
    elif roll < 0.85:
        latin = f"{_western(rng, country, gender)} {family} {personal}"
    else:
        latin = f"{_western(rng, country, gender)} {family}"
    written = _written(surname, given, traditional=country not in _SIMPLIFIED_WRITERS)
    return written, latin


def _abroad(
    rng: Random,
    country: str,
    surname: Surname,
    given: list[GivenSyllable],
    gender: Gender,
    dialect: DialectGroup,
) -> tuple[str, str]:
    if dialect == DialectGroup.CANTONESE:
        # Emigrants from Hong Kong and the Pearl River Delta.
        family = _pick(rng, surname, "cantonese")
        if rng.random() < 0.7:
            return _written(surname, given, traditional=True), f"{_western(rng, country, gender)} {family}"
        return _written(surname, given, traditional=True), f"{_hyphenated([s.cantonese for s in given])} {family}"
    family, personal = surname.pinyin, _pinyin(given)
    roll = rng.random()
    if country == "JP":
        latin = f"{family} {personal}" if roll < 0.6 else f"{personal} {family}"
    elif roll < 0.5:
        latin = f"{_western(rng, country, gender)} {family}"
    elif roll < 0.9:
        latin = f"{personal} {family}"
    else:
        latin = f"{_western(rng, country, gender)} {personal} {family}"
    return _written(surname, given, traditional=False), latin
