"""Units and measure words that make a number an indicator, with their kind."""

from __future__ import annotations

import re

COUNT = "count"
MONEY = "money"
PERCENT = "percent"
GROWTH = "growth_rate"
RATIO = "ratio"
DURATION = "duration"
OTHER = "other"
KINDS = (COUNT, MONEY, PERCENT, GROWTH, RATIO, DURATION, OTHER)

QUALIFIERS = ("余", "近", "超", "约", "累计", "以上", "左右")

# Measure words: what a count counts.
COUNT_UNITS = (
    "人次", "户次", "场次", "批次", "家次", "项次", "件次", "架次", "车次", "艘次", "辆次", "班次", "航次",
    "方面", "部门", "个", "人", "名", "家", "次", "件", "项", "条", "场", "篇", "册", "期",
    "轮", "支", "座", "批", "户", "所", "处", "套", "台", "辆", "架", "艘", "位", "份", "本",
    "部", "类", "种", "门", "宗", "起", "例", "只", "头", "株", "棵", "栋", "幢", "间", "张",
    "块", "根", "组", "队", "笔", "单",
)
MONEY_UNITS = ("美元", "港元", "欧元", "日元", "港币", "元")
DURATION_UNITS = ("个工作日", "工作日", "个月", "小时", "分钟", "天", "周", "年")
PHYSICAL_UNITS = (
    "平方公里", "平方千米", "平方米", "立方米", "公里", "千米", "厘米", "毫米", "米", "公顷", "亩",
    "吨标准煤", "吨", "千克", "公斤", "斤", "克", "毫克", "微克", "千瓦时", "千瓦", "兆瓦", "瓦",
    "升", "毫升", "标准箱", "标箱", "度", "千伏安", "千伏", "岁",
)
PERCENT_UNITS = ("个百分点", "百分点", "%", "‰")
RATIO_UNITS = ("倍", "番")

UNIT_KIND: dict[str, str] = {}
for _units, _kind in (
    (COUNT_UNITS, COUNT), (MONEY_UNITS, MONEY), (DURATION_UNITS, DURATION),
    (PHYSICAL_UNITS, OTHER), (PERCENT_UNITS, PERCENT), (RATIO_UNITS, RATIO),
):
    for _u in _units:
        UNIT_KIND[_u] = _kind

# How a unit is recorded: "个百分点" is "百分点", "个月" stays a month count.
CANONICAL_UNIT = {"个百分点": "百分点", "个工作日": "工作日"}

# Longest first, so that 人次 wins over 人 and 平方米 over 米.
UNITS_LONGEST_FIRST = tuple(sorted(UNIT_KIND, key=len, reverse=True))


# What a rate can be per, after "/": any unit, or a time or head a rate is counted against.
PER_UNITS = tuple(sorted(set(UNITS_LONGEST_FIRST) - set(PERCENT_UNITS) | {"日", "月", "年", "人", "户", "天"},
                         key=len, reverse=True))


# an alternation tries its branches in order: the first that matches is the longest unit
_UNIT_RE = re.compile("|".join(map(re.escape, UNITS_LONGEST_FIRST)))
_PER_UNIT_RE = re.compile("|".join(map(re.escape, PER_UNITS)))


def match_unit(text: str, pos: int) -> str | None:
    """The unit written at ``text[pos:]``, longest first, compound (``吨/年``, ``吨/日``) included."""
    m = _UNIT_RE.match(text, pos)
    if m is None:
        return None
    unit = m.group()
    if text.startswith("/", m.end()):
        per = _PER_UNIT_RE.match(text, m.end() + 1)
        if per:
            return f"{unit}/{per.group()}"
    return unit


def unit_rows() -> list[dict]:
    """Rows for the unit dimension: every unit baogao records and its family."""
    seen: dict[str, str] = {}
    for unit, kind in UNIT_KIND.items():
        seen.setdefault(CANONICAL_UNIT.get(unit, unit), kind)
    return [{"unit": u, "unit_family": k} for u, k in sorted(seen.items())]
