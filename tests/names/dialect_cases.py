"""Labelled search cases: people stored in 汉字 only, searched by their own Latin spelling.

How the set is built (and why it is honest):

* `CASES` are people as overseas Chinese write their names: public figures of Singapore,
  Malaysia, Indonesia, the Philippines, Hong Kong and Taiwan with the spelling they are
  known by, and invented people in the same styles (Hokkien, Teochew, Hakka, Cantonese,
  older Guangdong and Dutch-era Indonesian spellings, Wade–Giles and Taiwanese passport
  spellings, Western given names before or after). The spellings were written down from
  how the people write them, before `crm.names` knew any given-name reading beyond its old
  hand-made table, and were not changed afterwards.
* Each record is stored in 汉字 only (traditional or simplified, as written below), with
  no Latin name on file. The query is the person's own spelling.
* `systems` says which spelling the query is in; "any" marks names that mix systems
  (a Cantonese surname with a Mandarin given name, …), where any reason is accepted.
* `DECOYS` are spellings of people who are *not* stored, while people sharing their
  surname and first given character are: a search must not claim one of those.
* Near-miss noise is added by `noise_names` for every case and decoy: a person with the
  same surname and first given character, one with the same surname only, and one with
  the same given name under another surname.
* `HELD_BACK` was written last, after the tuning on `CASES` and `DECOYS` was done, and
  measured once (docs/benchmarks.md).

tests/api/test_search_dialects.py runs every case through search on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypinyin import lazy_pinyin

from crm.names.normalize import to_simplified

__all__ = ["CASES", "DECOYS", "HELD_BACK", "SearchCase", "noise_names"]


@dataclass(frozen=True, slots=True)
class SearchCase:
    han: str
    query: str
    systems: frozenset[str]

    def __str__(self) -> str:
        return f"{self.han}:{self.query}"


def _parse(table: str) -> tuple[SearchCase, ...]:
    cases = []
    for line in table.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        han, query, systems = (part.strip() for part in line.split("|"))
        cases.append(SearchCase(han, query, frozenset(systems.split("/"))))
    return tuple(cases)


# han as stored | the person's own spelling | system(s) of the spelling
CASES = _parse(
    """
# Hokkien: Singapore and Malaysia, public figures
陳六使|Tan Lark Sye|Hokkien
陳嘉庚|Tan Kah Kee|Hokkien
林文慶|Lim Boon Keng|Hokkien
胡文虎|Aw Boon Haw|Hokkien
胡文豹|Aw Boon Par|Hokkien
陳篤生|Tan Tock Seng|Hokkien
陳金聲|Tan Kim Seng|Hokkien
黃祖耀|Wee Cho Yaw|Hokkien
郭令燦|Quek Leng Chan|Hokkien
邱德拔|Khoo Teck Puat|Hokkien
李成偉|Lee Seng Wee|Hokkien
林梧桐|Lim Goh Tong|Hokkien
郭芳楓|Kwek Hong Png|Hokkien
陳振傳|Tan Chin Tuan|Hokkien
李光前|Lee Kong Chian|Hokkien
許文遠|Khaw Boon Wan|Hokkien
顏金勇|Gan Kim Yong|Hokkien
吳慶瑞|Goh Keng Swee|Hokkien
林金山|Lim Kim San|Hokkien
王鼎昌|Ong Teng Cheong|Hokkien
吳作棟|Goh Chok Tong|Hokkien
陳修信|Tan Siew Sin|Hokkien
魏家祥|Wee Ka Siong|Hokkien
蔡細歷|Chua Soi Lek|Hokkien
廖中萊|Liow Tiong Lai|Hokkien
林冠英|Lim Guan Eng|Hokkien
林吉祥|Lim Kit Siang|Hokkien
陳志勤|Tan Chee Khoon|Hokkien
李三春|Lee San Choon|Hokkien
黃家定|Ong Ka Ting|Hokkien
# Hokkien: Indonesia (Dutch-era spellings) and the Philippines
林紹良|Liem Sioe Liong|Hokkien
黃奕聰|Oei Ek Tjhong|Hokkien
陳江和|Tan Kang Hoo|Hokkien
黃惠祥|Oei Hwie Siang|Hokkien
林文光|Liem Boen Kong|Hokkien
陳金福|Tan Kim Hok|Hokkien
黃德成|Oei Tek Sing|Hokkien
郭振源|Kwee Tjin Goan|Hokkien
張春德|Thio Tjoen Tek|Hokkien
李順發|Lie Soen Hoat|Hokkien
吳忠義|Go Tiong Gie|Hokkien
蔡進福|Tjoa Tjin Hok|Hokkien
吳文良|Go Bun Liong|Hokkien
許金成|Co Kim Seng|Hokkien
# Hokkien: invented people, Singapore and Malaysia styles
陈金发|Tan Kim Huat|Hokkien
林国华|Lim Kok Hua|Hokkien
黄志明|Ng Chee Beng|Hokkien
李文华|Lee Boon Hwa|Hokkien
吴金龙|Goh Kim Leong|Hokkien
蔡明辉|Chua Beng Hui|Hokkien
郑德福|Tay Teck Hock|Hokkien/Teochew
洪天赐|Ang Thian Su|Hokkien
王文良|Ong Boon Leong|Hokkien
杨秀英|Yeo Siew Eng|Hokkien/Teochew
苏美玲|Soh Bee Leng|Hokkien
黄丽珠|Wee Lay Choo|Hokkien
陈宝珠|Tan Poh Choo|Hokkien
林玉兰|Lim Geok Lan|Hokkien
许春生|Khoo Choon Seng|Hokkien
柯金水|Kua Kim Chwee|Hokkien
庄顺发|Chng Soon Huat|Hokkien
卓金福|Toh Kim Hock|Hokkien
谢志强|Seah Chee Keong|Hokkien
戴清泉|Tay Cheng Chuan|Hokkien
陈天生|Tan Tian Seng|Hokkien
# Teochew
林義順|Lim Nee Soon|Teochew
楊榮文|Yeo Yong Boon|Teochew/Hokkien
王瑞杰|Heng Swee Keat|Teochew
張志賢|Teo Chee Hean|Teochew
杜進才|Toh Chin Chye|Teochew
蔡瀾|Chua Lam|any
謝國民|Chia Kok Min|any
陈光辉|Tan Kng Hwee|Teochew
林春来|Lim Choon Lye|Teochew
黄财发|Ng Chye Huat|Teochew
郑亚明|Tay Ah Meng|Teochew
王金兴|Heng Kim Heng|Teochew
陈俊杰|Tan Choon Kiat|Teochew/Hokkien
蔡锦华|Chua Kim Hwa|Teochew/Hokkien
洪美凤|Ang Buay Hong|Teochew
# Hakka: Malaysia, Borneo, Indonesia
李光耀|Lee Kuan Yew|any
葉亞來|Yap Ah Loy|Hakka
姚德勝|Yau Tet Shin|Hakka
張榕軒|Tjong Yong Hian|Hakka
張阿輝|Tjong A Fie|Hakka
羅芳伯|Lo Fong Pak|Hakka/Cantonese
鍾萬學|Tjung Ban Hok|any
曾憲梓|Tsang Hin Chi|Cantonese/Hakka
黄文光|Vong Vun Kong|Hakka
刘福兴|Liew Fook Hin|Hakka
温国明|Voon Kwet Min|Hakka
张发财|Chong Fatt Choi|Hakka
曾永华|Chen Yun Fah|Hakka
钟金英|Choong Kim Yin|Hakka
廖德胜|Liaw Tet Sin|Hakka
叶伟光|Yap Vui Kong|Hakka
罗文辉|Loh Vun Fui|Hakka
谢春发|Chia Chun Fatt|Hakka
邱国华|Khiu Kwet Fah|Hakka
陈发光|Chin Fatt Kong|Hakka
李秀英|Li Siu Yin|Hakka
# Cantonese: Hong Kong public figures
馮景禧|Fung King Hey|Cantonese
李嘉誠|Li Ka-shing|Cantonese
鄭裕彤|Cheng Yu-tung|Cantonese
李兆基|Lee Shau-kee|Cantonese
霍英東|Fok Ying-tung|Cantonese
曾蔭權|Tsang Yam-kuen|Cantonese
梁振英|Leung Chun-ying|Cantonese
李家超|Lee Ka-chiu|Cantonese
何鴻燊|Ho Hung-sun|Cantonese
周潤發|Chow Yun-fat|Cantonese
劉德華|Lau Tak-wah|Cantonese
梁朝偉|Tony Leung Chiu-wai|Cantonese
張學友|Jacky Cheung Hok-yau|Cantonese
黎明|Leon Lai Ming|Cantonese
郭富城|Aaron Kwok Fu-shing|Cantonese
陳港生|Chan Kong-sang|Cantonese
李振藩|Lee Jun-fan|Cantonese
周星馳|Stephen Chow Sing-chi|Cantonese
王家衛|Wong Kar-wai|Cantonese
杜琪峰|Johnnie To Kei-fung|Cantonese
許冠文|Michael Hui Koon-man|Cantonese
譚詠麟|Alan Tam Wing-lun|Cantonese
張國榮|Leslie Cheung Kwok-wing|Cantonese
梅艷芳|Anita Mui Yim-fong|Cantonese
胡應湘|Gordon Wu Ying-sheung|Cantonese
鄭家純|Henry Cheng Kar-shun|Cantonese
李澤楷|Richard Li Tzar-kai|Cantonese
李澤鉅|Victor Li Tzar-kuoi|Cantonese
吳光正|Peter Woo Kwong-ching|Cantonese
何超瓊|Pansy Ho Chiu-king|Cantonese
查良鏞|Louis Cha Leung-yung|Cantonese
黃霑|James Wong Jim|Cantonese
丘成桐|Shing-Tung Yau|Cantonese
陳振聲|Chan Chun Sing|Cantonese
# Cantonese: invented people, Hong Kong government spelling
陳大文|Chan Tai Man|Cantonese
黃小明|Wong Siu Ming|Cantonese
李美玲|Lee Mei Ling|Cantonese
張偉強|Cheung Wai Keung|Cantonese
何家俊|Ho Ka Chun|Cantonese
林志豪|Lam Chi Ho|Cantonese
吳嘉欣|Ng Ka Yan|Cantonese
梁秀貞|Leung Sau Ching|Cantonese
麥國雄|Mak Kwok Hung|Cantonese
區永康|Au Wing Hong|Cantonese
鄧淑儀|Tang Shuk Yee|Cantonese
蕭子健|Siu Tsz Kin|Cantonese
謝婉儀|Tse Yuen Yee|Cantonese
余德明|Yu Tak Ming|Cantonese
# Cantonese: Malaysia, the Americas, Australia (older Guangdong spellings)
黄国强|Wong Kwok Keong|Cantonese
刘光华|Low Kwong Wah|Cantonese
周志明|Chow Chee Ming|Cantonese
梁惠芳|Leong Wai Fong|Cantonese
张耀光|Cheong Yew Kwong|Cantonese
陈伟雄|Chan Wai Hung|Cantonese
叶锦荣|Yip Kam Wing|Cantonese
邓国辉|Tang Kwok Fai|Cantonese
马家辉|Ma Ka Fai|Cantonese
关锦鹏|Kwan Kam Pang|Cantonese
# Wade–Giles and Taiwanese passport spellings
丁肇中|Ting Chao-chung|Wade–Giles
丁肇中|Samuel C. C. Ting|Wade–Giles
李政道|Tsung-Dao Lee|Wade–Giles
楊振寧|Chen-Ning Yang|Wade–Giles
吳健雄|Wu Chien-Shiung|Wade–Giles
蔣經國|Chiang Ching-kuo|Wade–Giles
李登輝|Lee Teng-hui|Wade–Giles
蔡英文|Tsai Ing-wen|Wade–Giles
連戰|Lien Chan|Wade–Giles
賴清德|Lai Ching-te|Wade–Giles
張忠謀|Morris Chang Chung-mou|Wade–Giles
黃仁勳|Jensen Huang Jen-hsun|Wade–Giles
田北俊|James Tien Pei-chun|Wade–Giles
饒宗頤|Jao Tsung-i|Wade–Giles
黃遵憲|Huang Tsun-hsien|Wade–Giles
羅香林|Lo Hsiang-lin|Wade–Giles
宋美齡|Soong Mei-ling|any
廖仲愷|Liao Chung-kai|Wade–Giles
何香凝|Ho Hsiang-ning|Wade–Giles
施振榮|Stan Shih Chen-jung|Wade–Giles
李遠哲|Lee Yuan-tseh|Wade–Giles
林懷民|Lin Hwai-min|Wade–Giles
侯孝賢|Hou Hsiao-hsien|Wade–Giles
李安|Ang Lee|any
王建民|Wang Chien-ming|Wade–Giles
曾雅妮|Yani Tseng|Wade–Giles
戴資穎|Tai Tzu-ying|Wade–Giles
盧彥勳|Lu Yen-hsun|Wade–Giles
王建國|Wang Chien-kuo|Wade–Giles
陳志明|Chen Chih-ming|Wade–Giles
林美惠|Lin Mei-hui|Wade–Giles
張家豪|Chang Chia-hao|Wade–Giles
黃淑芬|Huang Shu-fen|Wade–Giles
許文雄|Hsu Wen-hsiung|Wade–Giles
謝明哲|Hsieh Ming-che|Wade–Giles
蔡承翰|Tsai Cheng-han|Wade–Giles
鄭宇軒|Cheng Yu-hsuan|Wade–Giles
周怡君|Chou Yi-chun|Wade–Giles
# Mixed systems and Western given names
李顯龍|Lee Hsien Loong|any
郭鶴年|Robert Kuok Hock Nien|any
孫逸仙|Sun Yat-sen|any
黃廷芳|Ng Teng Fong|any
蔣介石|Chiang Kai-shek|any
黃根成|Wong Kan Seng|any
韓瑞生|Hon Sui Sen|any
萧美琴|Hsiao Bi-khim|any
"""
)

# Spellings of people who are NOT stored; people sharing their surname and first given
# character are (see `noise_names`).
DECOYS = _parse(
    """
陈嘉宾|Tan Kah Pin|Hokkien
林文彬|Lim Boon Pin|Hokkien
黄志雄|Ng Chee Hiong|Hokkien
李光明|Lee Kong Beng|Hokkien
吴金水|Goh Kim Chwee|Hokkien
陈六合|Tan Lark Hup|Hokkien
胡文龙|Aw Boon Leong|Hokkien
林绍华|Liem Sioe Hwa|Hokkien
黄奕明|Oei Ek Beng|Hokkien
陈大明|Chan Tai Ming|Cantonese
黄小龙|Wong Siu Lung|Cantonese
李美华|Lee Mei Wah|Cantonese
张国华|Cheung Kwok Wah|Cantonese
刘德明|Lau Tak Ming|Cantonese
冯景华|Fung King Wah|Cantonese
丁肇华|Ting Chao-hua|Wade–Giles
李政明|Lee Cheng-ming|Wade–Giles
杨振华|Yang Chen-hua|Wade–Giles
蒋经武|Chiang Ching-wu|Wade–Giles
王建华|Wang Chien-hua|Wade–Giles
叶亚福|Yap Ah Fook|Hakka
刘福光|Liew Fook Kong|Hakka
张发明|Chong Fatt Min|Hakka
温国华|Voon Kwet Fah|Hakka
罗文光|Loh Vun Kong|Hakka
王瑞明|Heng Swee Meng|Teochew
张志明|Teo Chee Meng|Teochew
杨荣华|Yeo Yong Hwa|Teochew
蔡锦明|Chua Kim Meng|Teochew
郑亚华|Tay Ah Hwa|Teochew
"""
)

# Written last, after tuning on CASES and DECOYS; measured once.
HELD_BACK = _parse(
    """
# Hokkien
陳文德|Tan Boon Teik|Hokkien
林有福|Lim Yew Hock|Hokkien
王邦文|Ong Pang Boon|Hokkien
陳慶炎|Tony Tan Keng Yam|Hokkien
林文興|Lim Boon Heng|Hokkien
陳川仁|Tan Chuan-Jin|Hokkien
林瑞生|Lim Swee Say|Hokkien
林敬益|Lim Keng Yaik|Hokkien
陳群川|Tan Koon Swan|Hokkien
李金獅|Lee Kim Sai|Hokkien
陈振泉|Tan Chin Chuan|Hokkien
陈子兴|Tan Tjoe Hing|Hokkien
郑金水|The Kim Tjoei|Hokkien
林振福|Liem Tjin Hok|Hokkien
吴清源|Go Tjing Goan|Hokkien
施维鹏|Sy Wi Peng|Hokkien
# Teochew
林伟才|Lim Wee Chye|Teochew/Hokkien
黄福来|Ng Hock Lai|Teochew/Hokkien
张亚发|Teo Ah Huat|Teochew/Hokkien
蔡德辉|Chua Teck Hui|Teochew/Hokkien
杨烈国|Yeo Liat Kok|Teochew/Hokkien
# Hakka
張弼士|Cheong Fatt Tze|any
温金华|Voon Kim Fah|Hakka
邱福光|Khiu Fook Kong|Hakka
钟国兴|Chong Kwet Hin|Hakka
曾德发|Chen Tet Fatt|Hakka
叶文光|Yap Voon Kong|Hakka
刘秀英|Liew Siu Yin|Hakka
黄伟华|Vong Vui Fah|Hakka
# Cantonese
梁錦松|Antony Leung Kam-chung|Cantonese
唐英年|Henry Tang Ying-yen|Cantonese
許仕仁|Rafael Hui Si-yan|Cantonese
黃子華|Dayo Wong Tze-wah|Cantonese
吳彥祖|Daniel Wu Yin-cho|Cantonese
鄭秀文|Sammi Cheng Sau-man|Cantonese
陳奕迅|Eason Chan Yik-shun|Cantonese
古天樂|Louis Koo Tin-lok|Cantonese
劉青雲|Sean Lau Ching-wan|Cantonese
任達華|Simon Yam Tat-wah|Cantonese
黎智英|Jimmy Lai Chee-ying|Cantonese
陈家明|Chan Ka Ming|Cantonese
黄志强|Wong Chi Keung|Cantonese
李伟文|Lee Wai Man|Cantonese
张美华|Cheung Mei Wah|Cantonese
伍国荣|Ng Kwok Wing|Cantonese
余锦华|Yee Kam Wah|Cantonese
# Wade–Giles and Taiwanese passports
馬英九|Ma Ying-jeou|any
呂秀蓮|Annette Lu Hsiu-lien|Wade–Giles
王金平|Wang Jin-pyng|any
蘇貞昌|Su Tseng-chang|Wade–Giles
謝長廷|Frank Hsieh Chang-ting|Wade–Giles
游錫堃|Yu Shyi-kun|any
朱立倫|Eric Chu Li-luan|Wade–Giles
郝龍斌|Hau Lung-pin|Wade–Giles
陳建仁|Chen Chien-jen|Wade–Giles
林佳龍|Lin Chia-lung|Wade–Giles
柯文哲|Ko Wen-je|any
卓榮泰|Cho Jung-tai|Wade–Giles
錢復|Fredrick Chien Fu|Wade–Giles
孫運璿|Sun Yun-suan|Wade–Giles
蔣孝嚴|John Chiang Hsiao-yen|Wade–Giles
宋楚瑜|James Soong Chu-yu|any
王永慶|Wang Yung-ching|Wade–Giles
林志玲|Lin Chi-ling|Wade–Giles
周杰倫|Jay Chou Chieh-lun|Wade–Giles
"""
)

# Replacements for the near-miss noise: common given-name characters and surnames.
_GIVEN_POOL = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英玉萍红梅鹏飞斌宇浩凯健俊帆旭宁欣琳晶"
    "妍茜秋珊莎锦青倩婷婉颖露瑶怡雁蓓仪荷丹蓉君琴蕊薇菁梦岚馨韵园艺卿澜纯悦昭冰羽希"
)
_SURNAME_POOL = "赵钱孙周吴郑王冯陈卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜"


def _sound(char: str) -> str:
    return lazy_pinyin(char)[0]


def _split(han: str) -> tuple[str, str]:
    return (han[:2], han[2:]) if han[:2] in ("欧阳", "司徒") else (han[:1], han[1:])


def noise_names(hans: list[str], *, avoid: set[str]) -> list[str]:
    """Near misses of each name (simplified): same surname and first given character,
    same surname only, same given name under another surname. A replacement never
    sounds like (in pinyin) the character it replaces, and no noise name is in `avoid`."""
    found: list[str] = []
    taken = set(avoid)
    turn = 0

    def pick(pool: str, unlike: str) -> str:
        nonlocal turn
        while True:
            turn += 1
            char = pool[(turn * 7) % len(pool)]
            if char != unlike and _sound(char) != _sound(unlike or "x"):
                return char

    for han in hans:
        surname, given = _split(to_simplified(han))
        last = given[-1]
        candidates = [
            surname + given[:-1] + pick(_GIVEN_POOL, last) if len(given) > 1 else "",
            surname + "".join(pick(_GIVEN_POOL, char) for char in given),
            pick(_SURNAME_POOL, surname[0]) + given,
        ]
        for name in candidates:
            if name and name not in taken:
                taken.add(name)
                found.append(name)
    return found
