"""Numeric indicators: the figures a report gives, by the labelling rules.

A number is an indicator when it measures something: it is followed by a
measure word or unit (``46次``, ``2.6亿元``, ``194.6%``, ``5个百分点``) and is not
a year, date, ordinal, ranking, tier label, threshold, plan name, enumeration
count, vague quantifier or a numeral inside a slogan or a cited title.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from baogao.transforms import numerals, units
from baogao.transforms.quotes import Span, protected_mask

_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_DIGITS = "零〇一二两三四五六七八九"
# The lookahead names every character a number can start with: the regex engine then skips the text
# between numbers without trying each alternative at every character.
NUMBER_RE = re.compile(
    rf"(?=[\d{_CN}])"
    rf"(?:(?P<pct>百分之)(?P<pctnum>\d+(?:\.\d+)?|[{_CN}]+(?:点[{_CN_DIGITS}]+)?)"
    rf"|(?P<den>\d+|[{_CN}]+)分之(?P<num>\d+(?:\.\d+)?|[{_CN}]+)"
    rf"|(?P<cheng>[{_CN_DIGITS}十])成"
    rf"|(?P<ar>\d+(?:,\d{{3}})*(?:\.\d+)?(?:/\d+)?)"
    rf"|(?P<cn>[{_CN}]+(?:点[{_CN_DIGITS}]+)?))"
)

PREFIX_QUALIFIERS = (("不少于", "以上"), ("超过", "超"), ("突破", "超"), ("逾", "超"),
                     ("超", "超"), ("接近", "近"), ("近", "近"), ("约", "约"), ("高于", "超"))
# the prefixes written into ``raw`` (the labelling rules); the others are verbs: they give the qualifier only
RAW_PREFIXES = ("超过", "超", "近", "约")
SUFFIX_QUALIFIERS = (("以上", "以上"), ("左右", "左右"), ("以内", None), ("多", "余"))
APPROX = {"余": "余", "多": "余", "几": "余"}
SCALE_WORDS = tuple(sorted(numerals.SCALE_WORDS, key=len, reverse=True))

GROWTH_CUES = ("增长", "下降", "提高", "降低", "增加", "减少", "上升", "回落", "提升", "下滑",
               "增速", "增幅", "降幅", "涨幅", "上涨", "下跌", "扩大", "缩小", "同比", "环比", "较上年", "比上年", "翻")
DURATION_YEAR_CUES = ("连续", "为期", "历时", "历经", "用", "再过")
CLAUSE_BREAKS = "，。；：！？\n"

# Fixed phrases of the genre whose numerals name a doctrine, never a quantity.
FIXED_PHRASES = (
    "八项规定", "两个确立", "两个维护", "四个意识", "四个自信", "四个全面", "两个责任",
    "三重一大", "三会一课", "一岗双责", "两个务必", "两学一做", "三严三实", "五位一体",
    "四个伟大", "两个大局", "两个结合", "三个代表", "四风", "三不腐", "三个务必",
    "四项基本原则", "五项原则", "两个市场", "两种资源", "两个积极性", "三次产业", "两种手段",
    "唯一", "统一", "万一", "一一",
)
_FIXED_RE = re.compile("|".join(FIXED_PHRASES))

# What may follow a number and turns it into a label rather than a measure.
LABEL_AFTER_UNIT = ("级", "性", "数")
# 期 after a name is a phase (二期工程, 珠机城际二期); after these verbs it counts sessions (举办培训班3期)
SESSION_VERBS = ("举办", "开办", "开展", "组织", "培训", "举行", "办班", "共", "累计", "分", "共计")
# a numeral right after a demonstrative restates what was just said (这两条, 上述三项)
DEMONSTRATIVES = ("这", "那", "该", "上述")
# meetings are numbered, not counted: 十三届七次全会, 二届人大二次会议
MEETINGS = ("全会", "全体会议", "会议", "代表大会", "党代会", "常委会", "人代会", "全委会")
# a count in front of these names a fixed list (十件民生实事), not a quantity
NAMED_LISTS = ("民生实事", "大工程", "大行动")
RANGE_SEPARATORS = "-—–～~至到"
# units whose 以上 before a noun marks a size class (5亿元以上项目); counts keep it (600个以上亿元级工业项目)
THRESHOLD_KINDS = ("money", "other")
PHASE_AFTER = ("工程", "项目")
LIST_JOINERS = "和及与、"


@dataclass(frozen=True)
class Indicator:
    raw_text: str
    value: float | int
    scale: int
    normalized_value: float | int
    unit: str | None
    qualifier: str | None
    kind: str
    context: str
    measure: str  # what is measured: the context without figures, dates and qualifiers, "#" for the figure
    char_start: int
    char_end: int
    value_high: float | int | None = None  # the high end of a range (4.5-5%), else None
    normalized_high: float | int | None = None


def extract(text: str, ignore: bytearray | None = None, quoted: Iterable[Span] | None = None) -> list[Indicator]:
    """Every indicator in normalised report text, in document order.

    Args:
        text: normalised text (full-width digits already ASCII).
        ignore: 1 for characters that are not report text (web chrome, a trailing glossary).
        quoted: the text's slogans and cited titles (``transforms.quotes``), when the caller has them.

    Returns:
        The indicators with offsets into ``text``.
    """
    mask = protected_mask(text, quoted)
    if ignore and any(ignore):
        mask = bytearray((int.from_bytes(mask, "little") | int.from_bytes(ignore, "little")).to_bytes(len(mask), "little"))
    fixed = bytearray(len(text))
    for m in _FIXED_RE.finditer(text):
        fixed[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    found: list[Indicator] = []
    for m in NUMBER_RE.finditer(text):
        if mask[m.start()] or fixed[m.start()] or (found and m.start() < found[-1].char_end):
            continue
        ind = _ranged(text, m, mask) or _read(text, m)
        if ind is not None:
            found.append(ind)
    ratios = [r for m in _RATIO_RE.finditer(text) if not mask[m.start()] for r in _ratio_parts(text, m)]
    if ratios:
        taken = {i.char_start for i in found}
        found = sorted(found + [r for r in ratios if r.char_start not in taken], key=lambda i: i.char_start)
    return found


_RANGE_SEP = re.compile(rf" ?[{RANGE_SEPARATORS}] ?")
_AFTER_RANGE_SEP = re.compile(rf"[\d%] ?[{RANGE_SEPARATORS}] $")  # a number after "5 - ": a range's high end


def _ranged(text: str, m: re.Match, mask: bytearray) -> Indicator | None:
    """``4.5-5%``, ``8%—8.5%``, ``5-8家``, ``3至5年``: one figure from the low end to the high end."""
    if m.group("pct") or m.group("den") or m.group("cheng"):
        return None
    pos = m.end()
    first_pct = text.startswith("%", pos)
    pos += first_pct
    sep = _RANGE_SEP.match(text, pos)  # 2-3个, 2 - 3个 (converters pad the dash)
    if sep is None:
        return None
    high_m = NUMBER_RE.match(text, sep.end())
    if high_m is None or high_m.group("pct") or mask[sep.end()]:
        return None
    if (m.group("ar") is None) != (high_m.group("ar") is None):  # 5-八 is no range
        return None
    high = _read(text, high_m, after_separator=True)
    if high is None or (first_pct and high.unit != "%") or high.value_high is not None:
        return None
    low_token = m.group()
    try:
        low = numerals.parse_number(low_token)
    except (numerals.NumeralError, ArithmeticError, ValueError):
        return None
    if low >= Decimal(str(high.value)):
        return None
    qualifier, start = _prefix_qualifier(text, m.start())
    raw_start = start if text[start:m.start()] in RAW_PREFIXES else m.start()
    value = numerals.plain(low)
    return Indicator(
        raw_text=text[raw_start:high.char_end], value=value, scale=high.scale,
        normalized_value=numerals.plain(low * high.scale), unit=high.unit,
        qualifier=qualifier or high.qualifier, kind=_kind(text, raw_start, high.unit, low_token),
        context=(context := context_of(text, raw_start, high.char_end)),
        measure=measure_of(context, text[raw_start:high.char_end]),
        char_start=raw_start, char_end=high.char_end,
        value_high=high.value, normalized_high=high.normalized_value,
    )


# 三次产业结构为9.2∶48.4∶42.4: each part a figure (a ratio with no unit); a clock time (10:30) is not.
# (?=\d) first, as in NUMBER_RE: the engine skips to the digits
_RATIO_RE = re.compile(r"(?=\d)(?<![\d.])\d+(?:\.\d+)?(?:[∶：:]\d+(?:\.\d+)?){1,3}(?![\d.:：∶])")


def _ratio_parts(text: str, m: re.Match) -> list[Indicator]:
    parts = list(re.finditer(r"\d+(?:\.\d+)?", m.group()))
    if len(parts) < 3 and not any("." in p.group() for p in parts):
        return []  # 2:1 or 10:30 could be anything; 9.2∶48.4∶42.4 is a structure
    found = []
    for p in parts:
        start, end = m.start() + p.start(), m.start() + p.end()
        value = numerals.plain(Decimal(p.group()))
        found.append(Indicator(
            raw_text=p.group(), value=value, scale=1, normalized_value=value, unit=None, qualifier=None,
            kind=units.RATIO, context=(context := context_of(text, start, end)),
            measure=measure_of(context, p.group()), char_start=start, char_end=end))
    return found


def _read(text: str, m: re.Match, after_separator: bool = False) -> Indicator | None:
    start, pos = m.start(), m.end()
    prev = text[start - 1] if start else ""
    if not after_separator and prev and (
            prev in "第每前" or (prev.isascii() and (prev.isalnum() or prev in ".+-")) or text.endswith(DEMONSTRATIVES, 0, start)
            or (prev in RANGE_SEPARATORS and start >= 2 and (text[start - 2].isdigit() or text[start - 2] == "%"))
            or _AFTER_RANGE_SEP.search(text, max(0, start - 4), start)):
        return None
    if text.startswith("+", pos):
        return None
    if m.group("den"):
        return _fraction(text, m)
    if m.group("cheng"):
        return _share(text, m)
    approx = None
    if m.group("pct"):
        token, is_cn = m.group("pctnum"), not m.group("pctnum")[0].isdigit()
    else:
        token, is_cn = (m.group("ar"), False) if m.group("ar") else (m.group("cn"), True)
    scale_word = None
    if is_cn and not m.group("pct"):
        token, scale_word = _split_trailing_scale(token)
        if token is None:
            token, scale_word = _bare_scale(text, m)
            if token is None:
                return None
    if not m.group("pct"):
        if text[pos:pos + 1] in APPROX:
            approx, pos = APPROX[text[pos]], pos + 1
        if scale_word is None and not is_cn and not _unit_at(text, pos):
            scale_word = next((w for w in SCALE_WORDS if text.startswith(w, pos)), None)
            if scale_word:
                pos += len(scale_word)
        if approx is None and text[pos:pos + 1] in APPROX and scale_word:
            approx, pos = APPROX[text[pos]], pos + 1
    try:
        value = numerals.parse_number(token)
    except (numerals.NumeralError, ArithmeticError, ValueError):
        return None

    if m.group("pct"):
        unit = "%"
    else:
        unit = units.match_unit(text, pos)
        if unit is not None:
            pos += len(unit)
        elif not scale_word and "/" not in token:
            return None
    if unit and _is_label(text, pos, unit, token, value, start, is_cn, scale_word):
        return None
    if text.startswith("级", pos) or (unit == "人" and text.startswith("民", pos)):
        if text.startswith("级", pos):
            return None  # 50亿级, 百亿级: a tier label
        pos, unit = pos - 1, None  # 十一亿人民: 人民 is the noun, not the unit

    qualifier, prefix_start = _prefix_qualifier(text, start)
    if text[prefix_start:start] in RAW_PREFIXES:
        start = prefix_start
    suffix_end = pos
    for word, q in SUFFIX_QUALIFIERS:
        if text.startswith(word, pos):
            if word == "以上" and _threshold_follows(text, pos + 2) and \
                    units.UNIT_KIND.get(unit or "", "money") in THRESHOLD_KINDS:
                return None
            if word == "多" and approx:
                break
            suffix_end = pos + len(word) if q is not None else pos
            qualifier = qualifier or approx or q
            break
    qualifier = qualifier or approx
    scale = numerals.SCALE_WORDS[scale_word] if scale_word else 1
    if unit in ("%", "‰", "个百分点", "百分点"):
        scale = 1
    kind = _kind(text, start, unit, token)
    if qualifier is None:
        qualifier = _clause_qualifier(text, start, kind)
    canonical = units.CANONICAL_UNIT.get(unit, unit) if unit else None
    return Indicator(
        raw_text=text[start:suffix_end],
        value=numerals.plain(value),
        scale=scale,
        normalized_value=numerals.plain(value * scale),
        unit=canonical,
        qualifier=qualifier,
        kind=kind,
        context=(context := context_of(text, start, suffix_end)),
        measure=measure_of(context, text[start:suffix_end]),
        char_start=start,
        char_end=suffix_end,
    )


def _split_trailing_scale(token: str) -> tuple[str | None, str | None]:
    """``五十四万亿`` → (``五十四``, ``万亿``); ``十亿四千万`` is one numeral; a bare unit character is no number."""
    if not any(ch in numerals.DIGITS or ch == "十" for ch in token):
        return None, None
    for word in ("万亿", "亿", "万"):
        if token.endswith(word) and len(token) > len(word):
            head = token[: -len(word)]
            if word == "万" and "亿" in head:  # 十亿四千万: the 万 belongs to the numeral's second group
                return token, None
            return head, word
    return token, None


# a bare scale word after a bound is a figure of one (超亿吨, 近万项, 上亿); 千亿 and 百万 carry their 千 and 百
_BARE_SCALES = {"万亿": ("1", "万亿"), "千亿": ("1000", "亿"), "百亿": ("100", "亿"), "亿": ("1", "亿"),
                "千万": ("1000", "万"), "百万": ("100", "万"), "万": ("1", "万")}
_BOUNDS = ("超过", "突破", "超", "近", "逾", "上")


def _bare_scale(text: str, m: re.Match) -> tuple[str | None, str | None]:
    bare = _BARE_SCALES.get(m.group("cn") or "")
    if bare is None or not any(text.endswith(b, 0, m.start()) for b in _BOUNDS):
        return None, None
    return bare


def _unit_at(text: str, pos: int) -> bool:
    """A unit starts here (千瓦, 千米, 千伏): its 千 is not a scale word."""
    unit = units.match_unit(text, pos)
    return unit is not None and unit[0] in numerals.SCALE_WORDS


def _fraction(text: str, m: re.Match) -> Indicator | None:
    """``三分之一`` → 0.3333, a ratio with no unit (百分之 is read as a percentage elsewhere)."""
    try:
        den, num = numerals.parse_number(m.group("den")), numerals.parse_number(m.group("num"))
    except (numerals.NumeralError, ArithmeticError, ValueError):
        return None
    if not den or num > den or m.group("den") in ("千", "万"):  # 千分之三 is a rate, read no further
        return None
    value = numerals.plain(round(num / den, 4))
    start, end = m.start(), m.end()
    qualifier, prefix_start = _prefix_qualifier(text, start)
    if text[prefix_start:start] in RAW_PREFIXES:
        start = prefix_start
    return Indicator(raw_text=text[start:end], value=value, scale=1, normalized_value=value, unit=None,
                     qualifier=qualifier, kind=units.RATIO, context=(context := context_of(text, start, end)),
                     measure=measure_of(context, text[start:end]), char_start=start, char_end=end)


# 成 closes a word as often as it counts tenths: 三成 is a share, 一成不变 and 三成员 are not
_NOT_SHARE_AFTER = "为立果功员本绩效长熟就交型品都市分年人本套语不倍片群"


def _share(text: str, m: re.Match) -> Indicator | None:
    """``三成`` → 30 %, ``超八成``, ``六成以上``."""
    prev = text[m.start() - 1:m.start()]
    if text[m.end():m.end() + 1] in _NOT_SHARE_AFTER or (prev and prev in _CN + "第"):
        return None
    value = numerals.parse_chinese(m.group("cheng")) * 10
    if value > 100:
        return None
    start, end = m.start(), m.end()
    qualifier, prefix_start = _prefix_qualifier(text, start)
    if text[prefix_start:start] in RAW_PREFIXES:
        start = prefix_start
    for word, q in SUFFIX_QUALIFIERS:
        if text.startswith(word, end) and q:
            end, qualifier = end + len(word), qualifier or q
            break
    kind = units.GROWTH if any(cue in text[_clause_start(text, start):start][-8:] for cue in GROWTH_CUES) \
        else units.PERCENT
    plain = numerals.plain(value)
    return Indicator(raw_text=text[start:end], value=plain, scale=1, normalized_value=plain, unit="%",
                     qualifier=qualifier, kind=kind, context=(context := context_of(text, start, end)),
                     measure=measure_of(context, text[start:end]), char_start=start, char_end=end)


def _is_label(text: str, pos: int, unit: str, token: str, value: Decimal, start: int, is_cn: bool,
              scale_word: str | None = None) -> bool:
    after = text[pos:pos + 2]
    if after[:1] in LABEL_AFTER_UNIT or (text.startswith("年", pos) and unit == "周"):
        return True
    if unit == "期" and (after in PHASE_AFTER or not _after_any(text, start, SESSION_VERBS, 4)):
        return True  # 二期工程, 珠机城际二期; 举办培训班3期 counts
    if unit == "次" and (text[max(0, start - 1):start] == "届" or text.startswith(MEETINGS, pos)):
        return True  # 十三届七次全会: a meeting's number
    if unit == "方面" or text.startswith(("方面", "部分"), pos):
        # 重点做好六个方面工作, 分四个部分报告: the report's own plan of parts; 反馈的5方面27项问题 counts them
        return not NUMBER_RE.match(text, pos if unit == "方面" else pos + 2)
    if unit in ("件", "项", "个") and text.startswith(NAMED_LISTS, pos):
        return True  # 十件民生实事: a list's name
    if unit and unit.endswith("伏"):
        return True  # 500千伏变电站: a voltage class names a facility
    if token in ("零", "〇"):
        return True  # 零部件, 零距离
    if is_cn and token == "一" and not scale_word and unit != "番":
        return True
    if unit == "年":
        if value >= 100:
            return True
        return not (any(text.endswith(cue, 0, start) for cue in DURATION_YEAR_CUES) or text.startswith(("内", "时间"), pos))
    before = text[max(0, start - 3):start]
    if "以下" in before or "如下" in before:
        return True
    return _restates_quotes(text, start, value) or _restates_list(text, start, value)


def _restates_quotes(text: str, start: int, value: Decimal) -> bool:
    """``“甲”“乙”“丙”三项行动``: the numeral only counts the quoted items just listed."""
    count, pos = 0, start
    while pos > 0 and text[pos - 1] == "”":
        opening = text.rfind("“", 0, pos - 1)
        if opening < 0:
            break
        count, pos = count + 1, opening
        if pos > 0 and text[pos - 1] == "、":
            pos -= 1
    return count >= 2 and value == count


_LIST_SPLIT = re.compile("[、和及与]")


def _restates_list(text: str, start: int, value: Decimal) -> bool:
    """``甲局、乙局等2家单位``, ``甲路、乙路和丙街3条``: a count right after a list, equal to its length."""
    prev = text[start - 1:start]
    if not prev or prev in LIST_JOINERS or not "\u4e00" <= prev <= "\u9fff":
        return False
    items = _LIST_SPLIT.split(text[_clause_start(text, start):start].removesuffix("等"))
    return len(items) >= 2 and value == len(items)


def _after_any(text: str, start: int, words: tuple[str, ...], within: int) -> bool:
    return any(w in text[max(0, start - within - len(w)):start] for w in words)


def _threshold_follows(text: str, pos: int) -> bool:
    nxt = text[pos:pos + 1]
    return bool(nxt) and "\u4e00" <= nxt <= "\u9fff" and nxt != "的"


def _prefix_qualifier(text: str, start: int) -> tuple[str | None, int]:
    for word, q in PREFIX_QUALIFIERS:
        if text.endswith(word, 0, start):
            return q, start - len(word)
    return None, start


_CLAUSE_BREAK_RE = re.compile(f"[{CLAUSE_BREAKS}]")
_breaks: tuple[str, list[int]] = ("", [])


def _clause_breaks(text: str) -> list[int]:
    """Offsets of the clause breaks in ``text``, found once for the text being read."""
    global _breaks
    cached = _breaks
    if cached[0] is not text:
        cached = _breaks = (text, [m.start() for m in _CLAUSE_BREAK_RE.finditer(text)])
    return cached[1]


def _clause_start(text: str, pos: int) -> int:
    breaks = _clause_breaks(text)
    i = bisect_left(breaks, pos)
    return breaks[i - 1] + 1 if i else 0


def _clause_end(text: str, pos: int) -> int:
    breaks = _clause_breaks(text)
    i = bisect_left(breaks, pos)
    return breaks[i] if i < len(breaks) else len(text)


def _kind(text: str, start: int, unit: str | None, token: str) -> str:
    clause = text[_clause_start(text, start):start]
    if unit == "番":
        return units.GROWTH
    if unit is None:
        return units.RATIO if "/" in token else units.OTHER
    family = units.UNIT_KIND.get(unit.split("/")[0], units.OTHER)
    near = clause[-8:]
    if family == units.PERCENT:
        if "百分点" in unit or any(cue in near for cue in GROWTH_CUES):
            return units.GROWTH
        return units.PERCENT
    if family == units.RATIO:
        return units.GROWTH if any(cue in near for cue in GROWTH_CUES) else units.RATIO
    if "/" in unit or ("人均" in clause and unit != "岁"):  # 人均预期寿命78岁 is an age, not a per-head level
        return units.RATIO
    if "为期" in near:
        return units.DURATION
    return family


_DISTRIBUTIVE_RE = re.compile(r"分别(不少于|超过|突破|逾|超|近|约)")


def _clause_qualifier(text: str, start: int, kind: str) -> str | None:
    clause = text[_clause_start(text, start):start]
    distributive = _DISTRIBUTIVE_RE.search(clause)
    if distributive:
        return dict(PREFIX_QUALIFIERS)[distributive.group(1)]
    if "累计" in clause and kind not in (units.GROWTH, units.PERCENT):
        return "累计"
    return None


def context_of(text: str, start: int, end: int, limit: int = 30) -> str:
    """The clause around ``text[start:end]``, at most ``limit`` characters, subject first."""
    cs, ce = _clause_start(text, start), _clause_end(text, end)
    while cs < start and text[cs].isspace():
        cs += 1
    if ce - cs <= limit:
        return text[cs:ce]
    left = max(cs, start - max(0, limit - (end - start) - min(8, ce - end)))
    return text[left:min(ce, left + limit)]


# Words that change from year to year around the same measure, and other figures in the clause.
_NOT_THE_MEASURE = re.compile(
    r"(?:19|20)\d\d年度?|\d{1,2}月(?:\d{1,2}日)?|今年以来|今年|全年|年内|上半年|下半年|一年来|截至目前|截止目前|目前|"
    r"累计|共计|共|先后|分别|同比|环比|其中|达到|达|约|近|超过|超|突破|余|多|以上|左右|以内|已|"
    r"\d[\d.,%‰/]*(?:余|多)?(?:万亿|千万|百万|亿|万|千)?(?:余|多)?"
    r"(?:人次|个百分点|百分点|方面|[个项次人名家件条场篇册期轮支座批户所处套台辆架艘位份本部类种门宗起例只头株棵栋幢间张块根组队元])?"
)


_NOT_A_WORD = re.compile(r"[^\w#]")


def measure_of(context: str, raw: str) -> str:
    """What a figure measures, comparable across years: ``累计接待游客815.33万人次`` → ``接待游客#``.

    The figure becomes ``#``; years, dates, time words, qualifiers, other figures and punctuation go.
    """
    head, _, tail = context.partition(raw)
    tail = tail.split("、")[0]  # what follows a 、 is the next figure's business
    parts = [_NOT_A_WORD.sub("", _NOT_THE_MEASURE.sub("", part)) for part in (head, tail)]
    return f"{parts[0]}#{parts[1]}"
