"""Hand-made tables of Chinese surnames and given-name characters with their romanisations.

Each surname has its simplified and traditional forms, Hanyu Pinyin, Wade–Giles, and the
Cantonese, Hokkien, Teochew and Hakka spellings overseas Chinese use (陈: Chen, Ch'en,
Chan, Tan, Chin), with a weight for how common it is among Fujianese and Cantonese
families; each given-name character has its pinyin, Wade–Giles, Cantonese and Hokkien
syllables and whether it is typical of men's or women's names.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["GIVEN_SYLLABLES", "SURNAMES", "GivenSyllable", "Surname"]


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
嘉 嘉 jia chia ka kah n
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


def _surname(columns: list[str]) -> Surname:
    *spellings, weight = columns
    return Surname._make([*spellings, int(weight)])


SURNAMES: tuple[Surname, ...] = tuple(
    _surname(line.split()) for line in _SURNAME_TABLE.strip().splitlines()
)
GIVEN_SYLLABLES: tuple[GivenSyllable, ...] = tuple(
    GivenSyllable._make(line.split()) for line in _GIVEN_TABLE.strip().splitlines()
)
