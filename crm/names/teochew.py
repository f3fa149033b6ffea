"""Teochew readings of characters common in given names: a hand-made table.

No package on the registries publishes Teochew readings of characters (parsetc converts
between Teochew romanisations, but holds no dictionary), so this table is ours: the
literary (name) readings of about 300 given-name characters, after Gaginang Pêng'im,
written without tones in the Tâi-lô-like spelling `crm.names.minnan` reads (ts/tsh for
Pêng'im z/c, ph/th/kh for p/t/k, oo for ou, nn for nasal vowels), so Teochew shares the
Hokkien spelling rules. Teochew has merged -n/-t into -ng/-k, while Singapore, Malaysia
and Thailand spell Teochew names with either ("Boon" and "Bung" for 文 bhung), which
`variants` allows. Characters are simplified; tests/names/test_teochew.py checks the
table's form.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from crm.names import minnan

__all__ = ["TEOCHEW_READINGS", "variants"]

_TABLE = """
一:ik 丁:teng 三:sam/sann 万:buang 丹:tang 中:tong 丽:li/loi 义:ngi 乐:lak 书:tsu 云:hung
五:ngoo 亚:a 亮:liang 仁:jing 伟:ui 伦:lung 佩:phue 佳:kia 俊:tsung 信:sing 光:kuang/kng
克:khek 兰:lang 兴:heng 冰:peng 凤:hong 刚:kang 利:li 力:lak 勇:iong 华:hua 卫:ue
发:huak 吉:kik 和:hua 善:siang 喜:hi 国:kok 坚:kiang 坤:khung 城:siann 基:ki 大:tai/tua
天:thiang/thinn 奇:khi 娟:kuang 婷:theng 子:tsu 孝:hau 学:hak 宁:leng 安:ang 宏:hong
宗:tsong 宝:po 家:ke 富:hu 山:suann 峰:hong 平:peng 建:kiang 庆:kheng 康:khang 德:tek
志:tsi 忠:tong 思:su 怡:i 恩:eng 惠:hui 慧:hui 成:seng/tsiann 才:tsai 振:tsing 敏:bing
文:bung 新:sing 日:jik 旭:hiok 明:meng 昌:tsiang 星:seng 春:tshung 晓:hiau 景:keng 智:ti
月:guek 有:iu 木:bak 杰:kiak 松:song 林:lim 桂:kui 梅:bue 森:sim 欣:hing 武:bu 民:meng
永:eng 江:kang 汉:hang 泰:thai 洁:kiak 洪:ang 浩:hau 海:hai 涛:tho 清:tsheng 源:nguang
泽:tek 满:buann 玉:gek 玲:leng 珍:tiang 珠:tsu 琳:lim 琼:kheng 瑞:sui 生:seng/sann 盛:seng
石:tsioh 秀:siu 秋:tshiu 立:lip 章:tsiang 红:ang 维:ui 美:bue 群:khung 翔:siang 耀:iau
良:liang 芳:hong 英:eng 荣:eng 莉:li 莲:noinn 菊:kek 萍:pheng 虹:hong 裕:ju 诗:si
诚:seng 贤:hiang 贵:kui 超:tshiau 达:tak 进:tsing 远:uang 通:thong 道:to 金:kim 铭:meng
锦:kim 长:tiang 阳:iang 雄:hiong 雅:nga 雪:suak 霞:he 青:tsheng 静:tseng 飞:hui 香:hiang
鸿:hong 鹏:pheng 龙:leng/liong 顺:sung 健:kiang 祥:siang 福:hok 禄:lok 丰:hong 亨:heng
仲:tiong 佑:iu 保:po 修:siu 兆:tiau 全:tsuang 壮:tsuang 宇:u 守:tsiu 定:teng 宜:ngi
宪:hiang 岳:gak 川:tshuang 广:kuang 强:kiang 彬:ping 悦:iak 敦:tung 昆:khung 昭:tsiau
晋:tsing 柏:peh 树:tshiu 根:kung 桥:kio 楷:khai 毅:ngi 汝:ju 泉:tsuang 洋:iang 波:pho
湘:siang 炎:iam 焕:huang 照:tsiau 熙:hi 燕:ing 爱:ai 琦:khi 琪:khi 瑜:u 田:tshang
登:teng 百:peh 益:ek 盈:eng 真:tsing 知:ti 礼:li 祖:tsoo 秉:peng 科:kho 秦:tsing 程:theng
端:tuang 竹:tek 笑:tshio 素:soo 细:soi 绍:siau 经:keng 继:ki 翰:hang 聪:tshong 育:iok
胜:seng 能:leng 航:hang 艺:ngi 芝:tsi 芬:hung 茂:moo 蓉:iong 薇:bui 虎:hoo 衡:heng
西:sai 观:kuang 谦:khiam 豪:ho 贞:tseng 财:tsai 赐:su 越:uak 路:loo 辉:hui 迎:ngia
运:ung 逸:ik 邦:pang 重:tiong 钦:khim 钟:tseng 银:ngung 锋:hong 镇:tiang 闻:bung 阁:koh
阿:a 陵:leng 隆:long 雁:ngang 雨:u 雯:bung 震:tsing 霖:lim 露:loo 韩:hang 颖:eng 风:hong
马:be 驰:ti 骏:tsung 高:ko 鸣:meng 鹤:hoh 麟:ling 黎:loi 鼎:teng 齐:tsoi 来:lai 添:thiam
合:hap 和:ho 顺:sung 木:bok 水:tsui 火:hue 土:thoo 元:nguang 泰:thai 亿:ik 万:bang
历:lek 冠:kuang
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    readings: dict[str, list[str]] = {}
    for entry in table.split():
        char, _, spellings = entry.partition(":")
        found = readings.setdefault(char, [])
        found.extend(s for s in spellings.split("/") if s not in found)
    return {char: tuple(spellings) for char, spellings in readings.items()}


TEOCHEW_READINGS: Mapping[str, tuple[str, ...]] = _parse(_TABLE)

# -ung/-ing/-uang and -k as Singapore and Malaysia often spell them: -un/-in/-uan and -t
# ("Boon", "Chin", "Kuan", "Huat")
_CODAS = (("ung", "un"), ("ing", "in"), ("uang", "uan"), ("k", "t"))


@functools.lru_cache(maxsize=4096)
def variants(syllable: str) -> frozenset[str]:
    """Spellings of a toneless Teochew syllable: the Hokkien rules, -ng/-k as -n/-t too,
    ng- as n- or g- ("Nee" or "Gee" for 义 ngi), and Pêng'im's b, d, g for p, t, k."""
    found = set(minnan.variants(syllable))
    for coda, written in _CODAS:
        if syllable.endswith(coda):
            found |= minnan.variants(syllable[: -len(coda)] + written)
    if syllable.startswith("ng") and len(syllable) > 2:
        found |= {"n" + v[2:] for v in found if v.startswith("ng")}
        found |= {"g" + v[2:] for v in found if v.startswith("ng")}
    if syllable[:1] in _PENGIM and syllable[1:2] != "h":
        found |= {_PENGIM[syllable[0]] + v[1:] for v in found if v[:1] == syllable[0]}
    return frozenset(found)


# Pêng'im writes the plain stops b, d, g ("Guan" for 冠 kuang)
_PENGIM = {"p": "b", "t": "d", "k": "g"}
