"""Country names as spreadsheets write them (中国, 美国, UK, United Kingdom) → ISO 3166-1 alpha-2.

A small table of the countries and regions the talent network meets most; anything else
must be written as its two-letter code, which the GraphQL validation then checks.
"""

from __future__ import annotations

import unicodedata

_NAMES: dict[str, tuple[str, ...]] = {
    "CN": ("中国", "中华人民共和国", "中國", "china", "prc", "people's republic of china", "大陆"),
    "HK": ("香港", "中国香港", "hong kong", "hongkong", "hksar"),
    "MO": ("澳门", "澳門", "中国澳门", "macau", "macao"),
    "TW": ("台湾", "臺灣", "台灣", "中国台湾", "taiwan"),
    "US": ("美国", "美國", "united states", "united states of america", "usa", "america"),
    "GB": ("英国", "英國", "united kingdom", "uk", "great britain", "britain", "england"),
    "CA": ("加拿大", "canada"),
    "AU": ("澳大利亚", "澳洲", "澳大利亞", "australia"),
    "NZ": ("新西兰", "紐西蘭", "新西蘭", "new zealand"),
    "SG": ("新加坡", "singapore"),
    "MY": ("马来西亚", "馬來西亞", "malaysia"),
    "ID": ("印度尼西亚", "印尼", "印度尼西亞", "indonesia"),
    "TH": ("泰国", "泰國", "thailand"),
    "PH": ("菲律宾", "菲律賓", "philippines"),
    "VN": ("越南", "vietnam", "viet nam"),
    "MM": ("缅甸", "緬甸", "myanmar", "burma"),
    "KH": ("柬埔寨", "cambodia"),
    "JP": ("日本", "japan"),
    "KR": ("韩国", "韓國", "south korea", "korea", "republic of korea"),
    "IN": ("印度", "india"),
    "DE": ("德国", "德國", "germany", "deutschland"),
    "FR": ("法国", "法國", "france"),
    "IT": ("意大利", "italy"),
    "ES": ("西班牙", "spain"),
    "PT": ("葡萄牙", "portugal"),
    "NL": ("荷兰", "荷蘭", "netherlands", "holland"),
    "BE": ("比利时", "比利時", "belgium"),
    "CH": ("瑞士", "switzerland"),
    "AT": ("奥地利", "奧地利", "austria"),
    "SE": ("瑞典", "sweden"),
    "NO": ("挪威", "norway"),
    "DK": ("丹麦", "丹麥", "denmark"),
    "FI": ("芬兰", "芬蘭", "finland"),
    "IE": ("爱尔兰", "愛爾蘭", "ireland"),
    "RU": ("俄罗斯", "俄羅斯", "russia", "russian federation"),
    "IL": ("以色列", "israel"),
    "AE": ("阿联酋", "阿拉伯联合酋长国", "united arab emirates", "uae"),
    "SA": ("沙特阿拉伯", "沙特", "saudi arabia"),
    "ZA": ("南非", "south africa"),
    "BR": ("巴西", "brazil"),
    "AR": ("阿根廷", "argentina"),
    "MX": ("墨西哥", "mexico"),
    "PE": ("秘鲁", "秘魯", "peru"),
    "CL": ("智利", "chile"),
}

_CODES: dict[str, str] = {
    unicodedata.normalize("NFKC", name).casefold(): code
    for code, names in _NAMES.items()
    for name in names
}


def country_code(text: str) -> str:
    """The ISO code for a known country name; anything else unchanged (the validator judges it).

    >>> country_code("英国"), country_code("United Kingdom"), country_code("uk"), country_code("sg")
    ('GB', 'GB', 'GB', 'sg')
    """
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().replace(".", "").split())
    return _CODES.get(key, text)
