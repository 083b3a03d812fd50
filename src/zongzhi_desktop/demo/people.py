"""Fake residents for demo data: names, ID numbers, phones and addresses, deterministic per seeded Random."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

# Approximate shares per 10,000 people (public-security surname reports, 2019-2020, rounded). Only the
# relative sizes matter. The polyphonic surnames (单 Shàn, 曾 Zēng, 解 Xiè, 仇 Qiú, 区 Ōu, 朴 Piáo, 查 Zhā,
# 覃 Qín, 翟 Zhái) are here on purpose: they test pinyin search and sorting. So are a few rare compound surnames.
_SURNAME_WEIGHTS: dict[str, float] = {
    "王": 712, "李": 700, "张": 674, "刘": 510, "陈": 461, "杨": 322, "黄": 245, "赵": 223, "吴": 205,
    "周": 190, "徐": 145, "孙": 138, "马": 129, "朱": 128, "胡": 116, "郭": 115, "何": 106, "林": 100,
    "高": 100, "罗": 95, "郑": 90, "梁": 86, "谢": 76, "宋": 70, "唐": 69, "许": 66, "韩": 65, "邓": 64,
    "冯": 64, "曹": 63, "彭": 62, "曾": 60, "肖": 56, "田": 53, "董": 51, "潘": 50, "袁": 50, "蔡": 48,
    "蒋": 48, "余": 47, "于": 47, "杜": 46, "叶": 45, "程": 45, "魏": 44, "苏": 43, "吕": 43, "丁": 42,
    "任": 41, "卢": 40, "姚": 39, "沈": 39, "钟": 38, "姜": 38, "崔": 37, "谭": 36, "陆": 35, "范": 34,
    "汪": 34, "廖": 33, "石": 33, "金": 32, "韦": 32, "贾": 31, "夏": 30, "付": 30, "方": 29, "邹": 28,
    "熊": 28, "白": 27, "孟": 27, "秦": 26, "邱": 26, "侯": 26, "江": 25, "尹": 25, "薛": 24, "闫": 24,
    "段": 23, "雷": 23, "龙": 22, "黎": 22, "史": 22, "陶": 21, "贺": 21, "毛": 20, "郝": 20, "顾": 20,
    "龚": 20, "邵": 19, "万": 19, "覃": 19, "武": 18, "钱": 18, "戴": 18, "严": 17, "莫": 17, "孔": 17,
    "向": 17, "常": 16, "汤": 16, "赖": 15, "温": 14, "翟": 5, "单": 3, "查": 2, "朴": 2, "解": 2,
    "仇": 2, "区": 1, "欧阳": 4, "上官": 0.3, "司马": 0.2,
}
POLYPHONIC_SURNAMES: frozenset[str] = frozenset("单曾解仇区朴查覃翟")
COMPOUND_SURNAMES: frozenset[str] = frozenset({"欧阳", "司马", "上官"})

_SURNAMES: tuple[str, ...] = tuple(_SURNAME_WEIGHTS)
# Cumulative weights computed once: rng.choices would otherwise re-sum the whole table on every call.
_SURNAME_CUM: tuple[float, ...] = tuple(accumulate(_SURNAME_WEIGHTS.values()))

_MALE_CHARS = (
    "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志文海峰磊亮东毅诚晨轩泽睿博宏春生"
    "金根发福德荣昌永胜庆祥兵松柏锋瑞然琪皓铭晟"
)
_FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞秀英玲桂兰红梅琴云莲燕萍雪婷琳晶妍茜倩欣怡佳雨涵梓萱诗思悦慧颖洁美月凤珍淑"
    "菊香翠金娥春华瑶琪雯璐"
)
# Common whole given names keep the output from looking like random character pairs.
_MALE_NAMES = ("建国", "国华", "志强", "春生", "海波", "小平", "建华", "子轩", "浩然", "宇航", "俊杰", "家豪", "长春")
_FEMALE_NAMES = ("秀英", "桂英", "玉兰", "春梅", "小红", "丽华", "梓涵", "欣怡", "诗琪", "雨萱", "佳怡", "秀珍", "冬梅")

# (youngest, oldest, share %): a rural Jiangxi county after 2020, with a bulge at 50-59 and few people over 85.
_AGE_BANDS: tuple[tuple[int, int, float], ...] = (
    (0, 9, 11.5), (10, 19, 12.0), (20, 29, 10.5), (30, 39, 14.0), (40, 49, 13.5),
    (50, 59, 15.5), (60, 69, 11.0), (70, 79, 7.0), (80, 89, 3.5), (90, 95, 0.6),
)

_ETHNIC_MINORITIES = ("畲族", "回族", "苗族", "壮族", "满族", "土家族", "瑶族", "蒙古族")
_ETHNIC_MINORITY_WEIGHTS = (30, 15, 12, 12, 10, 10, 6, 5)  # 畲族 first: Jiangxi's largest minority

_MOBILE_PREFIXES = tuple(
    [f"13{d}" for d in range(10)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["173", "175", "176", "177", "178"]
    + [f"18{d}" for d in range(10)]
    + ["191", "193", "195", "196", "197", "198", "199"]
)

_STREETS = ("长征大道", "贡江路", "建设路", "胜利路", "解放路", "人民路", "金桥路", "红军大道", "滨江路", "文化路")
_GROUP_NAMES = ("上屋", "下屋", "新屋", "老屋", "下坝", "塘背", "坑口", "岭下", "围里", "大坪", "横江", "石背")

EMPLOYERS: tuple[str, ...] = (
    "于都县人民医院",
    "于都县第一中学",
    "于都县贡江镇人民政府",
    "赣州恒信服装有限公司",
    "于都县长征纺织有限公司",
    "江西赣南脐橙合作社",
    "于都县宏达建筑工程有限公司",
    "赣州稀金新材料有限公司",
    "于都县顺丰物流配送站",
    "于都县城东农贸市场",
    "江西红都物业服务有限公司",
    "于都县富山油茶种植专业合作社",
)
OCCUPATIONS: tuple[str, ...] = (
    "农民", "务工人员", "个体工商户", "教师", "医生", "护士", "驾驶员", "厨师", "保安", "建筑工人",
    "服装厂工人", "快递员", "外卖骑手", "电工", "村干部", "网格员", "学生", "退休人员", "无业", "自由职业",
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class FakePerson:
    name: str
    sex: str  # GB/T 2261.1: "1" male, "2" female
    birth_date: date
    id_number: str
    phone: str
    ethnicity: str


def _id_check_char(body17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character. Kept private so demo data does not depend on
    domain/idnumber.py; tests pin it to the published vectors in domain.md §5.2."""
    total = sum(int(digit) * weight for digit, weight in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def surname(rng: random.Random) -> str:
    """One surname drawn by real-world frequency, rare and polyphonic ones included."""
    return rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]


def given_name(rng: random.Random, sex: str) -> str:
    """A plausible 1-2 character given name for sex "1" (male) or "2" (female)."""
    if sex not in ("1", "2"):
        raise ValueError(f"sex must be '1' or '2', got {sex!r}")
    chars, names = (_MALE_CHARS, _MALE_NAMES) if sex == "1" else (_FEMALE_CHARS, _FEMALE_NAMES)
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(chars)  # single-character given names are common, especially in rural areas
    if roll < 0.45:
        return rng.choice(names)
    return rng.choice(chars) + rng.choice(chars)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap target year
        return date(day.year - years, 2, 28)


def _birth_date(rng: random.Random, today: date) -> date:
    youngest, oldest, _ = rng.choices(_AGE_BANDS, weights=[band[2] for band in _AGE_BANDS])[0]
    age = rng.randint(youngest, oldest)
    # The birth date is uniform over the year of life that gives exactly `age` completed years today.
    latest = _years_before(today, age)
    earliest_excluded = _years_before(today, age + 1)
    return earliest_excluded + timedelta(days=rng.randint(1, (latest - earliest_excluded).days))


def _id_number(rng: random.Random, area_code: str, birth: date, sex: str) -> str:
    # Sequence 001-999; its last digit is the ID's 17th digit, odd for men and even for women.
    prefix = rng.randint(1, 99)
    last = rng.choice("13579" if sex == "1" else "02468")
    body = f"{area_code}{birth:%Y%m%d}{prefix:02d}{last}"
    return body + _id_check_char(body)


def phone(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with a real carrier prefix."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def ethnicity(rng: random.Random) -> str:
    """About 99% 汉族, as in Jiangxi; the rest mostly 畲族, 回族, 苗族 and others."""
    if rng.random() < 0.99:
        return "汉族"
    return rng.choices(_ETHNIC_MINORITIES, weights=_ETHNIC_MINORITY_WEIGHTS)[0]


def person(rng: random.Random, *, area_codes: list[str], today: date) -> FakePerson:
    """One fake resident whose ID number is valid (MOD 11-2) and matches the birth date and sex.

    `area_codes` are the 6-digit county codes to draw the ID's address code from.
    """
    if not area_codes:
        raise ValueError("area_codes must not be empty")
    bad = [code for code in area_codes if len(code) != 6 or not code.isdigit()]
    if bad:
        raise ValueError(f"area codes must be 6 digits: {bad}")
    sex = "1" if rng.random() < 0.51 else "2"  # slightly more men, as in the census
    birth = _birth_date(rng, today)
    return FakePerson(
        name=surname(rng) + given_name(rng, sex),
        sex=sex,
        birth_date=birth,
        id_number=_id_number(rng, rng.choice(area_codes), birth, sex),
        phone=phone(rng),
        ethnicity=ethnicity(rng),
    )


def street_address(rng: random.Random, village_name: str) -> str:
    """A house address: "XX村下屋组23号" for a village, "贡江镇长征大道123号" for a town or community."""
    if village_name.endswith("村"):
        if rng.random() < 0.5:
            group = rng.choice(_GROUP_NAMES)
        else:
            group = str(rng.randint(1, 15))  # many villages just number their 村民小组
        return f"{village_name}{group}组{rng.randint(1, 80)}号"
    address = f"{village_name}{rng.choice(_STREETS)}{rng.randint(1, 399)}号"
    if rng.random() < 0.4:  # town-centre residents often live in flats
        floor = rng.randint(1, 18)
        address += f"{rng.randint(1, 12)}栋{rng.randint(1, 3)}单元{floor}{rng.randint(1, 4):02d}室"
    return address


def employer(rng: random.Random) -> str:
    return rng.choice(EMPLOYERS)


def occupation(rng: random.Random) -> str:
    return rng.choice(OCCUPATIONS)
