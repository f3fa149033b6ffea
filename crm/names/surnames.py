"""Chinese surnames: surname readings, compound surnames and their spellings in every system."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping

from crm.names.romanization import han_pinyin, wade_giles

__all__ = [
    "COMPOUND_SURNAMES",
    "SURNAME_READINGS",
    "SURNAME_SPELLINGS",
    "split_surname",
    "surname_family",
    "surname_pinyin",
    "surname_spellings",
]

# Characters whose reading as a surname differs from their everyday reading.
SURNAME_READINGS: Mapping[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha",
    "朴": "piao", "盖": "ge", "乐": "yue", "覃": "qin", "尉": "wei", "秘": "bi",
    "繁": "po", "黑": "he", "缪": "miao", "翟": "zhai", "种": "chong", "员": "yun",
    "能": "nai", "召": "shao", "宓": "fu", "褚": "chu", "折": "she", "句": "gou",
    "薄": "bo", "祭": "zhai", "隗": "wei", "费": "fei", "华": "hua", "柏": "bai",
    "重": "chong", "纪": "ji", "长": "chang", "藏": "zang", "车": "che", "沈": "shen",
    "谌": "chen", "逄": "pang", "阚": "kan", "朝": "chao", "贲": "ben", "奇": "qi",
    "那": "na", "过": "guo", "殷": "yin", "冼": "xian", "石": "shi", "任": "ren",
}  # fmt: skip

# Compound surnames, pinyin syllables hyphenated, then other spellings (joined).
_COMPOUND_TABLE = """
欧阳 ou-yang auyeung auyang owyang auyong awyong oyang
司马 si-ma szema seema
诸葛 zhu-ge chukot chuko
上官 shang-guan sheungkwun
司徒 si-tu szeto seto seeto sitou soohoo
东方 dong-fang tungfong
皇甫 huang-fu wongpo wongfu
令狐 ling-hu lingwu
万俟 mo-qi mokkei
夏侯 xia-hou hahau
慕容 mu-rong moyung mooyung
公孙 gong-sun kungsuen
宇文 yu-wen yuman
尉迟 yu-chi watchi
长孙 zhang-sun cheungsuen
轩辕 xuan-yuan hinyuen
端木 duan-mu tuenmuk
澹台 tan-tai tamtoi
公冶 gong-ye
濮阳 pu-yang pukyeung
淳于 chun-yu shunyu
单于 chan-yu
太史 tai-shi taisze
申屠 shen-tu santo
闻人 wen-ren manyan
赫连 he-lian haklin
呼延 hu-yan fuyin
南宫 nan-gong namkung
钟离 zhong-li chungli
百里 bai-li pakli
独孤 du-gu tukku
拓跋 tuo-ba
完颜 wan-yan
西门 xi-men saimoon
公羊 gong-yang
左丘 zuo-qiu
司空 si-kong szehung
范姜 fan-jiang fankeung
张简 zhang-jian cheungkan
"""

# The hundred-odd most common surnames (mainland and overseas): Hanyu Pinyin first, then
# Cantonese, Hokkien, Teochew, Hakka, Indonesian-Dutch and other spellings as people write
# them. Wade–Giles is derived from the pinyin and need not be listed.
_SURNAME_TABLE = """
王 wang wong ong heng vong uong
李 li lee lie ly lei lii
张 zhang cheung chang teo cheong chong teoh tio thio tjong chiong
刘 liu lau lao low lew lieu lou liew lauw
陈 chen chan tan chin chun tjhin ting
杨 yang yeung yeo yeoh yong young ieong
黄 huang hwang wong ng oei ooi wee uy bong vong ong
赵 zhao chiu chio tio teo
吴 wu woo ng goh gouw go ngo eng
周 zhou chow chew chau chiu tjiu
徐 xu tsui chui chee chi tsee
孙 sun suen soon sng sen
马 ma mah beh
朱 zhu chu chue choo gee jue jew
胡 hu wu woo oh aw ou
郭 guo kwok kuo kwee quek kwek kok keh koay kuok gou
何 he ho hoh hor hoe
高 gao ko kou koh kho
林 lin lam lim lum liem
罗 luo lo law loh lor
郑 zheng cheng chang tay teh tee
梁 liang leung neo nio leong liong
谢 xie tse tze chia cheah seah sia siah shieh
宋 song sung soong
唐 tang tong tng thng
许 xu hsu hui koh khoo khor hii khaw co kho
韩 han hon hann
冯 feng fung fong foong pang hong
邓 deng teng tang
曹 cao tso cho chor
彭 peng pang phang pheng
曾 zeng tsang tseng chan chang tsen chen
萧 xiao siu shiu seow siew sio
肖 xiao siu shiu seow siew sio
田 tian tin thian
董 dong tung tong
袁 yuan yuen yun oan wan
潘 pan poon pun phua phoa
于 yu yue ue
蒋 jiang chiang cheung cheong chiong
蔡 cai choi chua tsai tjoa choy chai tsoi chuah
余 yu yee yue ee
杜 du to toh tou doo
叶 ye yeh yip ip yap yeap iap
程 cheng ching chng
苏 su so soh soo sou saw
魏 wei ngai gwee ngui wai wee
吕 lu lv lyu lui lue loo
丁 ding ting teng
任 ren jen yam yum jim
沈 shen shum sham sim shim sum
姚 yao yiu yau iu yeo
卢 lu lo lou loo low lor
姜 jiang keung kiang kang kiong
崔 cui tsui chui choi
钟 zhong chung chong tjong cheong choong tjung
谭 tan tam tham hom
陆 lu luk look lok liok
汪 wang wong ong
范 fan faan farn huan hoan
金 jin kam kim kum
石 shi shek sek chioh
廖 liao liu liew leow liaw lew lio liau liow
贾 jia chia ka kar kah
夏 xia ha har hah
韦 wei wai
付 fu foo
傅 fu foo poh fou
方 fang fong hong png pung
白 bai pak peh
邹 zou tsou chau chow chew
孟 meng mang mong beng
熊 xiong hung heung
秦 qin chun chon
邱 qiu chiu yau yow khoo khu kew hew hiew kiu khiu
丘 qiu chiu yau yow khoo khu hew hiew khiu
江 jiang kong kang kiang
尹 yin wan wun yoon
薛 xue sit sih seet siek
闫 yan yim iam giam
阎 yan yim iam giam
段 duan tuen toan
雷 lei lui looi loi
侯 hou hau kow kau
龙 long lung loong
史 shi sze see sai
陶 tao tou tow taw to
黎 li lai lay le loi lee
贺 he ho hor
顾 gu ku koo
毛 mao mo mou moh mau
郝 hao kok hok
龚 gong kung kong keung keng
邵 shao shiu siu sio
万 wan man maan ban buan
钱 qian chin tsin
严 yan yim giam
覃 qin tam cham
武 wu mo mou boo vu
戴 dai tai tay der
莫 mo mok bok mock
孔 kong kung hung khong
向 xiang heung hiang heong
汤 tang tong tng thng
常 chang sheung seung siong
康 kang hong khang
温 wen wan wun woon boon oon vun voon
关 guan kuan kwan kwaan quan
邝 kuang kwong khong
伍 wu ng ngo goh
翁 weng yung ung ang ong
洪 hong hung ang
柯 ke kua koa kwa
庄 zhuang chong chng
卓 zhuo cheuk toh tok chok cheok
骆 luo lok lock loke
麦 mai mak mack bek
甘 gan kam kan gam
阮 ruan yuen nguyen
欧 ou au ao auw
区 ou au ao
容 rong yung yong
梅 mei mui moy mooi boey
赖 lai lye lay loa nai
古 gu ku koo
易 yi yik yick ek
涂 tu tou to thu
游 you yau yu yow iu
詹 zhan chim jim cham chiam
施 shi sze see si sy
倪 ni ngai gay ngee nee
殷 yin yan yun
童 tong tung
葛 ge kot kat
盖 ge kai koi gai
单 shan sin san sian
解 xie kai hai
仇 qiu chiu kau
查 zha cha char tsa
朴 piao pok park pak
乐 yue lok ngok
尉 wei wat
纪 ji kei kee
车 che chea
冼 xian sin sien
岑 cen sham shum
植 zhi chik
章 zhang cheung cheong chiong
包 bao pau
鲍 bao pau
俞 yu yue
祝 zhu chuk
凌 ling leng
裴 pei pui
尤 you yau iu
鲁 lu lo
柳 liu lau
饶 rao yiu
聂 nie nip
邢 xing ying hing
岳 yue ngok
齐 qi chai
牛 niu ngau
蓝 lan lam
颜 yan ngan gan
巫 wu mo
辜 gu koo
连 lian lin
华 hua wah
霍 huo fok
"""


def _parse_surnames() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in _SURNAME_TABLE.strip().splitlines():
        char, *spellings = line.split()
        table[char] = _with_wade_giles(spellings, [spellings[0]])
    for line in _COMPOUND_TABLE.strip().splitlines():
        chars, pinyin_form, *others = line.split()
        syllables = pinyin_form.split("-")
        wade = "".join(wade_giles(syllable) for syllable in syllables)
        table[chars] = tuple(dict.fromkeys(["".join(syllables), wade, *others]))
    return table


def _with_wade_giles(spellings: list[str], pinyin_forms: list[str]) -> tuple[str, ...]:
    derived = [wade_giles(form) for form in pinyin_forms]
    return tuple(dict.fromkeys([*spellings[:1], *derived, *spellings[1:]]))


SURNAME_SPELLINGS: Mapping[str, tuple[str, ...]] = _parse_surnames()
COMPOUND_SURNAMES: frozenset[str] = frozenset(key for key in SURNAME_SPELLINGS if len(key) == 2)


def split_surname(han: str) -> tuple[str, str]:
    """Split a simplified Han name into surname and given name: "欧阳修" → ("欧阳", "修").

    A compound surname is taken when the name is longer than the compound itself; a
    two-character name is always one-character surname + one-character given name.
    """
    if len(han) > 2 and han[:2] in COMPOUND_SURNAMES:
        return han[:2], han[2:]
    return han[:1], han[1:]


def surname_pinyin(surname: str) -> str:
    """Pinyin of a surname as a surname: 单 → "shan", 曾 → "zeng", 万俟 → "moqi"."""
    if surname in SURNAME_SPELLINGS:
        return SURNAME_SPELLINGS[surname][0]
    if surname in SURNAME_READINGS:
        return SURNAME_READINGS[surname]
    return "".join((han_pinyin(char) or ("",))[0] for char in surname)


@functools.lru_cache(maxsize=8192)
def surname_spellings(surname: str) -> tuple[str, ...]:
    """Every Latin spelling of a surname, pinyin first: 陈 → ("chen", "chan", "tan", …)."""
    if surname in SURNAME_SPELLINGS:
        return SURNAME_SPELLINGS[surname]
    reading = surname_pinyin(surname)
    if not reading:
        return ()
    if len(surname) == 1:
        return _with_wade_giles([reading], [reading])
    return (reading,)


@functools.cache
def _families() -> Mapping[str, frozenset[str]]:
    families: dict[str, set[str]] = defaultdict(set)
    for surname, spellings in SURNAME_SPELLINGS.items():
        for spelling in spellings:
            families[spelling].add(surname)
    for surname, reading in SURNAME_READINGS.items():
        families[reading].add(surname)
        families[wade_giles(reading)].add(surname)
    return {spelling: frozenset(chars) for spelling, chars in families.items()}


def surname_family(spelling: str) -> frozenset[str]:
    """The surnames a folded Latin spelling can stand for: "chan" → {陈, 曾, …}; empty if none."""
    return _families().get(spelling.replace("-", "").replace(" ", ""), frozenset())
