"""Pinyin search keys for person names: full spellings and initials, surname-aware and polyphone-tolerant."""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

# One reading of a name part = its syllables, e.g. ("ou", "yang") for 欧阳.
Reading = tuple[str, ...]

# Compound surnames, checked before single ones so 欧阳修 is 欧阳 + 修, not 欧 + 阳修.
_COMPOUND_SURNAMES: dict[str, tuple[Reading, ...]] = {
    "尉迟": (("yu", "chi"),),
    "万俟": (("mo", "qi"),),
    "长孙": (("zhang", "sun"),),
    "澹台": (("tan", "tai"),),
    "令狐": (("ling", "hu"),),
    "欧阳": (("ou", "yang"),),
    "司马": (("si", "ma"),),
    "上官": (("shang", "guan"),),
    "诸葛": (("zhu", "ge"),),
    "东方": (("dong", "fang"),),
    "皇甫": (("huang", "fu"),),
    "公孙": (("gong", "sun"),),
    "慕容": (("mu", "rong"),),
    "宇文": (("yu", "wen"),),
    "夏侯": (("xia", "hou"),),
    "司徒": (("si", "tu"),),
    "轩辕": (("xuan", "yuan"),),
    "端木": (("duan", "mu"),),
    "独孤": (("du", "gu"),),
    "南宫": (("nan", "gong"),),
    "西门": (("xi", "men"),),
    "呼延": (("hu", "yan"),),
    "赫连": (("he", "lian"),),
    "申屠": (("shen", "tu"),),
    "钟离": (("zhong", "li"),),
    "宗政": (("zong", "zheng"),),
    "濮阳": (("pu", "yang"),),
    "太史": (("tai", "shi"),),
    "司空": (("si", "kong"),),
    "闻人": (("wen", "ren"),),
    "百里": (("bai", "li"),),
}

# Single surnames whose surname reading differs from (or is one of several) common readings.
# The first entry is the standard surname reading; later ones are what staff may type
# because they are the everyday reading of the character.
_SURNAMES: dict[str, tuple[str, ...]] = {
    "单": ("shan", "dan"),
    "曾": ("zeng",),
    "解": ("xie", "jie"),
    "仇": ("qiu", "chou"),
    "区": ("ou", "qu"),
    "朴": ("piao", "pu"),
    "查": ("zha", "cha"),
    "盖": ("ge", "gai"),
    "乐": ("yue", "le"),
    "缪": ("miao",),
    "覃": ("qin", "tan"),
    "翟": ("zhai", "di"),
    "秘": ("bi",),
    "召": ("shao",),
    "种": ("chong",),
    "繁": ("po",),
    "尉": ("wei", "yu"),
    "员": ("yun", "yuan"),
    "黑": ("he", "hei"),
    "谌": ("chen", "shen"),
    "句": ("gou", "ju"),
    "纪": ("ji",),
    "柏": ("bai",),
    "那": ("na",),
    "都": ("du",),
    "石": ("shi",),
    "沈": ("shen",),
    "任": ("ren",),
    "华": ("hua",),
    "过": ("guo",),
    "牟": ("mou", "mu"),
    "宓": ("mi", "fu"),
    "隗": ("wei", "kui"),
    "藏": ("zang",),
    "车": ("che",),
    "贾": ("jia",),
    "薄": ("bo",),
    "燕": ("yan",),
    "吕": ("lv",),
}

# Name separators (interpunct variants used in transliterated minority names) and spaces
# carry no sound; all other non-Han, non-alphanumeric characters are dropped as well.


@dataclass(frozen=True)
class NameKeys:
    """Search keys for one name, most likely reading first."""

    full: tuple[str, ...]
    initials: tuple[str, ...]


def _pinyin_mod() -> ModuleType:
    # Imported lazily: pypinyin loads a large dictionary, and only name indexing needs it.
    import pypinyin

    return pypinyin


def _ascii(syllable: str) -> str:
    """Lower-case ASCII form of one syllable ('ü' -> 'v'); '' if nothing usable remains."""
    text = syllable.lower().replace("ü", "v")
    return text if text.isascii() and text.isalpha() else ""


@lru_cache(maxsize=4096)
def _char_readings(ch: str) -> tuple[str, ...]:
    """All toneless readings pypinyin knows for one character (empty if not Han)."""
    p = _pinyin_mod()
    rows = p.pinyin(ch, style=p.Style.NORMAL, heteronym=True, errors="ignore")
    out: list[str] = []
    for row in rows:
        for syl in row:
            a = _ascii(syl)
            if a and a not in out:
                out.append(a)
    return tuple(out)


def _clean(name: str) -> str:
    # NFKC folds full-width letters/digits (Ａ, ３) to ASCII; then keep Han and ASCII alnum.
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in text if (ch.isascii() and ch.isalnum()) or _char_readings(ch))


@lru_cache(maxsize=65_536)  # given names repeat far more than full names
def _given_options(given: str) -> tuple[tuple[Reading, ...], ...]:
    """Per-character reading options for the given name: default (phrase-aware) first."""
    p = _pinyin_mod()
    options: list[tuple[Reading, ...]] = []
    i = 0
    while i < len(given):
        if given[i].isascii():
            # Latin letters and digits pass through as their own lower-cased token.
            options.append(((given[i].lower(),),))
            i += 1
            continue
        j = i
        while j < len(given) and not given[j].isascii():
            j += 1
        run = given[i:j]
        # Phrase-aware default for the whole Han run (so 银行 reads yin hang, not yin xing).
        defaults = p.lazy_pinyin(run, style=p.Style.NORMAL, errors="ignore")
        if len(defaults) != len(run):  # should not happen after _clean; fall back per char
            defaults = [(_char_readings(ch) or ("",))[0] for ch in run]
        for ch, default in zip(run, defaults):
            first = _ascii(default) or (_char_readings(ch) or ("",))[0]
            rest = tuple((r,) for r in _char_readings(ch) if r != first)
            options.append(((first,),) + rest)
        i = j
    return tuple(options)


def _surname_options(name: str) -> tuple[tuple[Reading, ...], str]:
    """Reading options for the surname and the remaining given name."""
    for compound, readings in _COMPOUND_SURNAMES.items():
        if name.startswith(compound):
            return readings, name[len(compound):]
    return _single_surname(name[0]), name[1:]


@lru_cache(maxsize=4096)  # a few hundred surnames cover almost everyone
def _single_surname(first: str) -> tuple[Reading, ...]:
    if first in _SURNAMES:
        return tuple((r,) for r in _SURNAMES[first])
    if first.isascii():
        return ((first.lower(),),)
    # Not a known polyphonic surname: its single-character default reading is the surname one.
    p = _pinyin_mod()
    default = _ascii(p.lazy_pinyin(first, style=p.Style.NORMAL, errors="ignore")[0])
    return ((default or _char_readings(first)[0],),)


def _best_first(options: Sequence[Sequence[Reading]]) -> Iterator[tuple[Reading, ...]]:
    """Yield reading combinations, fewest departures from the default reading first.

    A best-first walk over index vectors (cost = sum of indices) instead of a full
    itertools.product: long names with many polyphonic characters would otherwise explode,
    and this order keeps the default reading first and the likeliest alternatives next.
    Ties prefer varying earlier positions, so the surname alternatives come early.
    """
    start = (0,) * len(options)
    heap: list[tuple[int, tuple[int, ...], tuple[int, ...]]] = [(0, start, start)]
    seen = {start}
    while heap:
        cost, _, idx = heapq.heappop(heap)
        yield tuple(options[k][i] for k, i in enumerate(idx))
        for k in range(len(options)):
            if idx[k] + 1 < len(options[k]):
                nxt = idx[:k] + (idx[k] + 1,) + idx[k + 1:]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (cost + 1, tuple(-i for i in nxt), nxt))


@lru_cache(maxsize=131_072)  # names repeat a lot in a register; pypinyin is the slow part
def name_keys(name: str, *, max_variants: int = 8) -> NameKeys:
    """Full-pinyin and initials keys for `name` (at most `max_variants` reading combinations)."""
    cleaned = _clean(name)
    if not cleaned or max_variants < 1:
        return NameKeys(full=(), initials=())
    surname, given = _surname_options(cleaned)
    options: list[tuple[Reading, ...]] = [surname, *_given_options(given)]

    full: list[str] = []
    initials: list[str] = []
    for combo in _best_first(options):
        syllables = [s for part in combo for s in part if s]
        key = "".join(syllables)
        if key in full:
            continue  # different characters can share a reading; keep the first occurrence
        full.append(key)
        ini = "".join(s[0] for s in syllables)
        if ini not in initials:
            initials.append(ini)
        if len(full) >= max_variants:
            break
    return NameKeys(full=tuple(full), initials=tuple(initials))


def query_to_ascii(q: str) -> str:
    """Lower-cased query with full-width characters folded and all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", q or "").lower().split())


def is_pinyin_query(q: str) -> bool:
    """True when the query is non-empty and only ASCII letters, i.e. should match pinyin keys."""
    text = query_to_ascii(q)
    return bool(text) and text.isascii() and text.isalpha()
