"""Romanisation systems: Hanyu Pinyin readings, pinyin → Wade–Giles, dialect given-name readings."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping

from pypinyin import Style, pinyin
from pypinyin.pinyin_dict import pinyin_dict

from crm.names.normalize import fold_latin

__all__ = [
    "DIALECT_READINGS",
    "char_spellings",
    "chars_for_syllable",
    "dutch_respelling",
    "han_pinyin",
    "is_dialect_only",
    "is_known_syllable",
    "pinyin_syllables",
    "segment_syllables",
    "wade_giles",
]

# Cantonese (Hong Kong government style), Hokkien / Teochew (Singapore, Malaysia, Indonesia)
# and Hakka spellings of characters common in given names, as written on passports and
# name cards. Folded: no tones, apostrophes or umlauts. The pinyin and Wade–Giles readings
# are derived and need not be listed.
_DIALECT_TABLE = """
一:yat/it 丁:ting/teng 三:sam 万:man/ban 丹:tan 中:chung/tiong 丽:lai/lee/li 义:yee/gee
乐:lok 书:shu/su 云:wan/hoon/wun 五:ng 亮:leung/liang 仁:yan/jin/jen 伟:wai/wee/vui 伦:lun
伯:pak/peh 佩:pui/pei 佳:kai/ka 俊:chun/choon/tsun 信:shun/sin 兰:lan 光:kwong/kong
兴:hing/heng 冰:ping/peng 凤:fung/hong 凯:hoi/khai 刚:kong/kang 利:lee/li 力:lik/lek
勇:yung/yong 千:chin/chian 华:wah/hua/fa 卫:wai/ui 卿:hing/kheng 友:yau/iu 发:fat/huat
吉:kat/kiat 和:wo/hoe 善:sin/sian 喜:hei/hi 国:kwok/kok/kuet 坚:kin/kian 坤:kwan/kun
基:kei/ki 培:pui 大:tai/tua 天:tin/thian 太:tai/thai 奇:kei/ki 娜:na 娟:kuen/kuan 娴:han
婉:yuen/oan 婷:ting/teng 媛:woon/oan 子:tsz/chi/chu 孝:hau 学:hok/hak 宁:ning/leng
安:on/an 宏:wang/hong 宗:chung/chong 宝:po/poh 家:ka/kah 富:fu/hoo 宽:foon/khoan
宇:yu/u 容:yung/iong 少:siu/sio 山:shan/san 岩:ngam/giam 峰:fung/hong 嘉:ka/kah
平:ping/peng 建:kin/kian 庆:hing/keng 康:hong/khong 彤:tung/tong 彦:yin/gan 彬:pan/pin
德:tak/teck/tek 心:sum/sim 志:chi/chee/tsz 忠:chung/tiong 思:sze/su/see 怡:yee/ee
恩:yan/un 恒:hang/heng 惠:wai/hui 慧:wai/hui 成:shing/seng 才:choi/chai 振:chun/chin
敏:man/bin 敬:king/keng 文:man/boon/bun/vun 新:san/sin 日:yat/jit 旭:yuk/hiok 明:ming/beng
昌:cheong/chiang 星:sing/seng 春:chun/choon 晓:hiu/hiau 晖:fai/hui 晨:san/sin 晶:ching/cheng
景:king/keng 智:chi/tee 月:yuet/guat 有:yau/iu 朝:chiu/tiau 木:muk/bok 杰:kit/kiat
松:chung/siong 林:lam/lim 树:shu/chiu 桂:kwai/kui 梅:mui/bwee 森:sum/sim 楠:nam/lam
欣:yan/him 武:mo/bu 毅:ngai/gee 民:man/bin 永:wing/eng 江:kong/kang 汉:hon/han
波:po/pho 泰:tai/thai 洁:kit/kiat 洪:hung/ang 浩:ho/hoe 海:hoi/hai 涛:to/tho 涵:ham
淑:shuk/siok 清:ching/cheng 源:yuen/guan 泽:chak/tek 润:yun/jun 满:moon/buan 漫:man
炎:yim/iam 煌:wong/hong 燕:yin/eng 爱:oi/ai 玉:yuk/geok/giok 玲:ling/leng 珍:chun/tin
珠:chu 琳:lam/lim 琪:kei/ki 琼:king/keng 瑞:sui 瑶:yiu/iau 璇:suen/soan 生:sang/seng
盛:shing/seng 石:shek/chioh 秀:sau/siew/siu 秋:chau/chiu 立:lap/lip 章:cheung/chiong
童:tung/tong 竹:chuk/tek 第:tai 笑:siu/chio 红:hung/ang 纬:wai 维:wai/ui 美:mei/bee
群:kwan/kun 翔:cheung/siong 翠:chui 耀:yiu/iau 聪:chung/chong 胜:sing/seng 自:tsz/chu
良:leung/liang 芝:chi 芬:fun/hun 芳:fong/hong 英:ying/eng 茂:mau/boo 荣:wing/eng/yong
莉:lei/li 莲:lin/lian 莹:ying/eng 菊:kuk/kiok 萍:ping/peng 蓉:yung/iong 薇:mei/bi
虹:hung/khong 裕:yu/ju 西:sai 诗:sze/si 诚:shing/seng 贞:ching/cheng 贤:yin/hian
贵:kwai/kwee 超:chiu/chiau 辉:fai/hui/fui 达:tat 进:chun/chin 远:yuen/oan 通:tung/thong
道:to 金:kam/kim 铭:ming/beng 锋:fung/hong 锦:kam/kim 长:cheung/tiong 阳:yeung/iong
雄:hung/hiong 雅:nga 雪:suet/seok 雯:man/bun 雨:yu/u 霞:ha 青:ching/chheng 静:ching/cheng
飞:fei/hui 香:heung/hiang 骏:chun 鸣:ming/beng 鸿:hung/hong 鹏:pang/pheng 麟:lun/lin
龙:lung/leong/liong 颖:wing/eng 顺:shun/soon 健:kin/kian 祥:cheung/siang 福:fuk/hock/hok
禄:luk/lok 秉:ping/peng 稳:wan/un 家:ka/kah 宜:yee/gi 宪:hin/hian 寿:sau/siu 展:chin/tian
巧:hau/khiau 帆:fan/huan 师:sze/su 希:hei/hi 广:kwong/kong 庭:ting/teng 强:keung/kiong
彩:choi/chai 征:ching/cheng 律:lut/lut 德:tak/teck 念:nim/liam 恺:hoi 悦:yuet/uat
惜:sik/sek 慈:chi/chu 懿:yi/i 承:shing/seng 振:chun/chin 敦:tun/tun 昊:ho 晋:chun/chin
晴:ching/cheng 曼:man/ban 杨:yeung/iong 柏:pak/peh 树:shu 桥:kiu/kiau 梓:tsz/chu
楚:cho/chho 欢:foon/huan 正:ching/cheng 殷:yan/un 毓:yuk/iok 汝:yu/ju 沛:pui/phai
河:ho 治:chi/ti 泉:chuen/choan 洋:yeung/iong 津:chun/tin 浪:long 淳:shun/sun 深:sum/chhim
添:tim/thiam 渊:yuen/ian 湘:sheung/siong 滨:pan/pin 炜:wai/ui 烨:yip/iap 焕:woon/hoan
照:chiu/chiau 熙:hei/hi 燊:sun 玮:wai/ui 珊:shan/san 琦:kei/ki 琴:kam/khim 瑜:yu/ju
璐:lo 瓊:king/keng 甜:tim/tiam 田:tin/chhan 申:san/sin 白:pak/peh 百:pak 皓:ho 益:yik/ek
盈:ying/eng 真:chun/chin 知:chi/ti 祖:cho/cho 祺:kei/ki 礼:lai/le 秦:chun/chin 程:ching/theng
稚:chi/ti 穗:sui 端:tuen/tuan 符:fu 篮:lam 素:so/soh 紫:tsz/chi 约:yeuk/iok 绍:siu/siau
经:king/keng 继:kai/ke 羽:yu/u 翰:hon/han 聚:chui/chu 舒:shu/su 艺:ngai/ge 若:yeuk/jiak
茜:sin/sian 荷:ho 莎:sa 菁:ching/cheng 蕾:lui 蕴:wan/un 虎:fu/ho 蓓:pui 衍:hin/ian
西:sai/se 语:yu/gu 谦:him/khiam 豪:ho 贻:yi/i 赐:chi/su 赞:chan 辰:san/sin 迪:tik/tek
逸:yat/it 邦:pong/pang 采:choi 金:kam/kim 钧:kwan/kun 铁:tit/thih 银:ngan/gin 锡:sek
镇:chun/tin 闻:man/bun 阁:kok 阿:ah/a 陵:ling/leng 隆:lung/liong 雁:ngan/gan 霖:lam/lim
震:chun/chin 露:lo 韵:wan/un 顺:shun/sun 颂:chung/siong 风:fung/hong 馨:hing/heng
驹:kui/ku 骐:kei/ki 高:ko 魁:fui/khoe 鹤:hok 黎:lai/le 鼎:ting/teng 齐:chai/che
启:kai/khe 仪:yee/gi 亚:ah/a/nga 九:kau/kow/kiu 华:hwa 雪:suat 珠:choo 水:shui/sui/chui
城:shing/seng/siah 仲:chung/tiong 英:ing 哲:chit/tiat/tseh 强:keong 荫:yam/im
权:kuen/koon/khoan 梧:ng/goh 桐:tung/tong 良:liong 明:meng
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    readings: dict[str, list[str]] = defaultdict(list)
    for entry in table.split():
        char, _, spellings = entry.partition(":")
        for spelling in spellings.split("/"):
            if spelling not in readings[char]:
                readings[char].append(spelling)
    return {char: tuple(spellings) for char, spellings in readings.items()}


DIALECT_READINGS: Mapping[str, tuple[str, ...]] = _parse(_DIALECT_TABLE)

_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"),
    ("t", "t"), ("g", "k"), ("k", "k"), ("z", "ts"), ("c", "ts"), ("j", "ch"),
    ("q", "ch"), ("x", "hs"), ("r", "j"), ("h", "h"), ("f", "f"), ("m", "m"),
    ("n", "n"), ("l", "l"), ("s", "s"),
)  # fmt: skip
_WG_WHOLE = {
    "zi": "tzu", "ci": "tzu", "si": "ssu", "zhi": "chih", "chi": "chih", "shi": "shih",
    "ri": "jih", "er": "erh", "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh",
    "yue": "yueh", "yong": "yung", "lue": "lueh", "nue": "nueh",
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def wade_giles(syllable: str) -> str:
    """Folded Wade–Giles spelling of a toneless pinyin syllable: "xie" → "hsieh", "guo" → "kuo"."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, wg_initial = "", ""
    for pinyin_initial, candidate in _WG_INITIALS:
        if syllable.startswith(pinyin_initial):
            initial, wg_initial = pinyin_initial, candidate
            break
    final = syllable[len(initial) :]
    if (final == "uo" and initial not in ("g", "k", "h", "sh")) or (
        final == "e" and initial in ("g", "k", "h")
    ):
        final = "o"
    elif final in ("ie", "ue"):
        final += "h"
    elif final.endswith("ian"):
        final = final[:-3] + "ien"
    elif final.endswith("ong"):
        final = final[:-3] + "ung"
    return wg_initial + final if initial else final


@functools.lru_cache(maxsize=16384)
def han_pinyin(char: str) -> tuple[str, ...]:
    """All toneless pinyin readings of one character, "ü" folded to "u"; () for non-Han."""
    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=True)
    if not readings:
        return ()
    return tuple(dict.fromkeys(fold_latin(reading) for reading in readings[0]))


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (folded) that the pinyin dictionary knows."""
    syllables: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            syllables.add(fold_latin(reading).replace("v", "u"))
    return frozenset(syllable for syllable in syllables if syllable.isalpha())


@functools.lru_cache(maxsize=16384)
def char_spellings(char: str) -> frozenset[str]:
    """Every spelling of a character: its pinyin readings, their Wade–Giles, dialect readings."""
    readings = han_pinyin(char)
    spellings = set(readings) | {wade_giles(reading) for reading in readings}
    spellings.update(DIALECT_READINGS.get(char, ()))
    return frozenset(spellings)


@functools.cache
def _syllable_index() -> Mapping[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for char, dialect in DIALECT_READINGS.items():
        # Only the everyday reading: rare ones (冰 is also "ning") would tie unrelated names.
        primary = han_pinyin(char)[:1]
        for spelling in (*primary, *map(wade_giles, primary), *dialect):
            index[spelling].add(char)
    return {spelling: frozenset(chars) for spelling, chars in index.items()}


def dutch_respelling(word: str) -> str:
    """Indonesian names keep Dutch-era spellings: "Boen" → "bun", "Tjoa" → "choa"."""
    return word.replace("oe", "u").replace("tj", "ch").replace("dj", "j")


def chars_for_syllable(syllable: str) -> frozenset[str]:
    """The common given-name characters that a Latin syllable can spell, in any system."""
    return _syllable_index().get(syllable, frozenset())


@functools.cache
def _known_syllables() -> frozenset[str]:
    return _standard_syllables() | frozenset(_syllable_index())


def is_known_syllable(syllable: str) -> bool:
    """Whether a folded Latin syllable is pinyin, Wade–Giles or a listed dialect spelling."""
    return syllable in _known_syllables()


@functools.cache
def _standard_syllables() -> frozenset[str]:
    return pinyin_syllables() | {wade_giles(syllable) for syllable in pinyin_syllables()}


def is_dialect_only(syllable: str) -> bool:
    """Whether a syllable is spelled neither in pinyin nor in Wade–Giles ("boon", "kwok")."""
    return syllable not in _standard_syllables()


@functools.lru_cache(maxsize=16384)
def segment_syllables(word: str) -> tuple[str, ...] | None:
    """Split a joined given name into known syllables ("jianguo" → ("jian", "guo")), else None.

    Prefers the split with the fewest syllables ("xian" stays one), then see `_split_cost`.
    """
    known = _known_syllables()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head, piece = best[start], word[start:end]
            if head is None or piece not in known:
                continue
            candidate = (*head, piece)
            current = best[end]
            if current is None or _preferred(candidate, current):
                best[end] = candidate
    return best[len(word)]


def _preferred(candidate: tuple[str, ...], current: tuple[str, ...]) -> bool:
    return _split_cost(candidate) < _split_cost(current)


def _split_cost(pieces: tuple[str, ...]) -> tuple[int, int, list[int]]:
    # Fewest syllables; then no syllable after the first starting with a vowel (pinyin would
    # have written an apostrophe: "kaming" is ka-ming, not kam-ing); then longer ones first.
    inner_vowels = sum(piece[0] in "aeiou" for piece in pieces[1:])
    return len(pieces), inner_vowels, [-len(piece) for piece in pieces]
