"""Who issued a report, where, about which year, when it was delivered, and what kind of report it is.

Read the way a reader reads a report: the title block first (the title line below any page
chrome, the "——2024年1月16日在XX市第十七届人民代表大会第三次会议上" line, the "XX市市长 XXX"
speaker line), then the opening sentence ("我代表XX人民政府向大会报告工作"), then a saved page's
来源 / 发布机构 line and the signature above the closing date. The file name is a last resort, and
only where the text is silent. Every value records where it came from (``Metadata.source``).

Two years, one convention for every report: ``report_year`` is the year the report is about (the
year a 政府工作报告 reviews, the year a 情况报告 covers, a Party congress's own year), and
``delivered_year`` the year it was delivered or dated. Years are read from dated lines, review and
plan headings, congress numbers and titles, never from a year that only appears inside a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise

from baogao.transforms.clutter import chrome_lines
from baogao.transforms.numerals import NumeralError, parse_chinese

# (report_type, cue in the title), most specific first: a 纪委 report to a Party congress names the congress too.
REPORT_TYPES = (
    ("全面从严治党主体责任", re.compile(r"全面从严治党.{0,6}主体责任|主体责任.{0,4}情况")),
    ("纪委工作报告", re.compile(r"纪律检查委员会.{0,30}工作报告|纪委.{0,16}工作报告|纪委.{0,8}全会.{0,10}报告")),
    ("政府工作报告", re.compile(r"政\s*府\s*工\s*作\s*报\s*告|关于政府工作的报告")),
    ("法治政府建设", re.compile(r"法治政府建设")),
    ("管委会工作报告", re.compile(r"(管理委员会|管委会).{0,16}工作报告")),
    ("党代会报告", re.compile(r"(中国共产党|中共|党的).{0,24}代表大会上的报告|党代会报告|全国代表大会上的(政治)?报告")),
    ("人大常委会工作报告", re.compile(r"人民代表大会常务委员会工作报告|人大常委会工作报告")),
    ("政协工作报告", re.compile(r"政协.{0,12}工作报告|政治协商会议.{0,12}工作报告")),
    ("党建工作总结", re.compile(r"党建工作.{0,4}(总结|报告)|基层党建")),
    ("述职报告", re.compile(r"述职")),
    ("工作总结", re.compile(r"工作总结|总结")),
    ("工作报告", re.compile(r"工作报告|情况报告|报告")),
)
# Report types whose report is about the year before it is delivered, unless a review heading says otherwise.
ANNUAL_TO_A_MEETING = {"政府工作报告", "管委会工作报告", "人大常委会工作报告", "政协工作报告"}

_CJK = "\u4e00-\u9fff"
_NAME = _CJK + "XYZ×"  # names anonymised in the source (XX区委, YY区委) are names too
_NUM = "一二三四五六七八九十百零〇两"
# A place: one or more administrative units as written (深圳市罗湖区, 内蒙古自治区, 大鹏新区).
_UNIT = (r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|新区|开发区|高新区|"
         r"经济技术开发区|地区|省|市|区|县|旗|盟|州|镇|乡|街道)(?![省市县区州旗盟])")  # 徐州市: 徐州 + 市, not 徐 + 州
_PLACE_RE = re.compile(rf"(?:[{_NAME}]{{1,12}}?{_UNIT})+")
# The bodies that issue reports, longest first.
BODIES = (
    "人民代表大会常务委员会", "中央纪律检查委员会", "中央顾问委员会", "纪律检查委员会", "监察委员会", "纪委监委", "管理委员会", "中央委员会", "人民政府",
    "人大常委会", "管委会", "国务院", "委员会", "政府", "政协", "纪委", "监委", "党工委", "党委", "党组", "工委",
    "区委", "市委", "县委", "省委", "州委", "旗委", "办公室", "司法局", "局", "厅", "委",
)
_BODY = "|".join(BODIES)
_ORDINAL = rf"第?[{_NUM}\d]+届"
# An organisation's name and nothing else: a sentence fragment never matches.
ORG_NAME = re.compile(rf"(?:中国共产党|中共)?(?P<place>(?:[{_NAME}]{{1,12}}?{_UNIT})+)?(?:{_ORDINAL})?(?P<body>{_BODY})")
# what a sentence has and a place name has not; "全市", "我省" are no place either
_NOT_A_PLACE = re.compile(r"[是的在对把将了]|按照|根据|^(全|各|本|我|该)?[省市区县州旗镇乡]$|"
                          r"^(全|各|本|我|该)?(自治区|自治州|自治县|新区|地区|开发区|高新区|特别行政区)$")

ORG_TYPES = (
    ("纪委", re.compile(r"(纪委|纪律检查委员会|监委|监察委员会|纪委监委)$")),
    ("人大", re.compile(r"(人大常委会|人民代表大会常务委员会)$")),
    ("政协", re.compile(r"政协$")),
    ("管委会", re.compile(r"(管委会|管理委员会)$")),
    ("政府", re.compile(r"(人民政府|政府|国务院)$")),
    ("党委", re.compile(r"(区委|市委|县委|省委|州委|旗委|党委|党组|党工委|工委|委员会)$")),
    ("部门", re.compile(r"(局|厅|办公室)$")),
)
GOVERNMENT_HEADS = ("总理", "省长", "市长", "区长", "县长", "州长", "旗长")
# Province-level cities are compared with provinces.
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")

_YEAR = r"(?:19[4-9]\d|20\d\d|[一二][〇零九][〇零一二三四五六七八九]{2})"
YEAR_RE = re.compile(rf"({_YEAR})\s*年")
DATE_RE = re.compile(rf"({_YEAR})\s*年\s*([{_NUM}\d]{{1,3}})\s*月(?:\s*[{_NUM}\d]{{1,3}}\s*日)?")
ISO_DATE_RE = re.compile(r"(19[4-9]\d|20\d\d)[-/.](\d{1,2})[-/.]\d{1,2}")
# "在福建省第十四届人民代表大会第三次会议上", "在第十三届全国人民代表大会第一次会议上"
PEOPLES_CONGRESS = re.compile(
    rf"(?:^|(?<=[在向日月从）)—\s]))(?P<place>[{_CJK}]{{0,16}}?)第(?P<term>[{_NUM}\d]+)届(?P<national>全国)?人民代表大会第(?P<session>[{_NUM}\d]+)次会议")
# "向十二届全国人大一次会议", "在市十四届人大三次会议上"
PEOPLES_CONGRESS_SHORT = re.compile(
    rf"(?:^|(?<=[在向日）)—\s]))(?P<place>[{_CJK}]{{0,12}}?)第?(?P<term>[{_NUM}]+)届(?P<national>全国)?人大(?P<session>[{_NUM}]+)次会议")
# the review part's heading opening on its year: "一、2011年，全省上下齐心协力…"
FIRST_PART_YEAR = re.compile(rf"^[\s*#>]*一[、.．]\s*({_YEAR})\s*年[，,是]")
HEADING_YEAR = re.compile(rf"^[\s*#>]*(?:[{_NUM}]{{1,2}}[、.．])?\s*({_YEAR})\s*年(?!\d)")
NATIONAL_TERM = re.compile(rf"第(?P<term>[{_NUM}]+)届全国人民代表大会(?!第|常务|期间)")
# "2006年是实施“十一五”规划的开局之年，做好今年的政府工作": the year named as this year
THIS_YEAR = re.compile(rf"(?:^|[。；\n])\s*({_YEAR})\s*年是[^\n]{{0,400}}?今年")
TERM_PAST = re.compile(rf"第(?P<term>[{_NUM}]+)届全国人民代表大会期间")
# "在中国共产党第二十次全国代表大会上", "在中国共产党河西县第十三次代表大会上"
PARTY_CONGRESS = re.compile(
    rf"(?:中国共产党|中共|党的)(?P<place>[{_CJK}]{{0,16}}?)第(?P<number>[{_NUM}\d]+)次(?P<national>全国)?代表大会")
# an image caption or subtitle naming the speaker: "云南省委副书记、代省长李纪恒作政府工作报告"
CAPTION = re.compile(rf"(?P<place>[{_CJK}]{{2,12}}?{_UNIT})(?:委副书记、|人民政府)?(?:代理|代)?(?:省长|市长|区长|县长|州长|旗长|主席)")
SPEAKER = re.compile(
    rf"^(?P<org>[{_CJK}]{{0,24}}?)(?:代理)?(?:代)?(?P<role>总理|省长|市长|区长|县长|旗长|州长|主任|主席|书记)\s*[{_CJK}·]{{2,5}}$")
OPENING = re.compile(
    rf"(?:我(?:现在)?代表|我受)(?P<body>[{_CJK}“”第]{{1,40}}?)(?:的?委托)?[，,\s]*(?:现在)?(?:(?:向|对)[^，。；]{{0,30}}?"
    rf"(?:大会|全会|会议)|(?:作|报告|提出|就))(?P<verb>[^。；！]{{0,30}})")
SPEAKING_FOR = re.compile(rf"我代表([{_CJK}]{{2,20}}?(?:人民政府|政府))")
SUBJECT = re.compile(
    rf"^(?:{_YEAR}\s*年(?:度|以来)?[，,])?(?P<subject>[{_CJK}XYZ×]{{2,30}}?)(?=在|坚持|认真|深入|始终|全面|紧紧|牢牢|以|围绕|聚焦|按照)")
REPORTED_AS_FOLLOWS = re.compile(r"现将.{0,40}?(报告|汇报)如下")
# "一、2023年工作回顾", "2002年和过去五年工作的回顾", "“十一五”时期和2010年经济社会发展回顾"
REVIEW = re.compile(
    rf"^[\s{_NUM}、（()）.．第部分：:*#>]*(?:[^，。\d]{{0,12}}[和及])?(?:刚刚过去的|过去的|回顾)?\s*({_YEAR})\s*年(?!以来)"
    r"[^，。；]{0,16}?(?:回顾|工作总结|工作情况)")
REVIEW_SENTENCE = re.compile(rf"^[\s　]*(?:刚刚过去的|过去的|首先报告|首先回顾|回顾)({_YEAR})年")
PLAN = re.compile(
    rf"^[\s{_NUM}、（()）.．第部分：:*#>]*({_YEAR})\s*年(?:的)?(?:工作安排|主要任务|重点工作|工作建议|主要目标任务|"
    r"重点任务|经济社会发展|政府工作|工作总体要求|总体要求|工作总体部署|总体部署|工作部署|工作任务|的工作|工作目标任务|目标任务)")
OPENING_YEAR = re.compile(rf"^[\s　]*({_YEAR})年(?:度)?(?:以来)?(?:[，,]|是)")
# a numbered heading of the plan part: "二、抢抓机遇，全力做好2012年各项工作"
PLAN_HEADING = re.compile(rf"^[\s*#>]*[{_NUM}]{{1,2}}、[^。；]{{0,24}}?(?:(?:做好|抓好|干好|完成)[^。；]{{0,4}}({_YEAR})\s*年|"
                          rf"({_YEAR})\s*年[^。；]{{0,10}}(?:任务|安排|部署|目标|打算))")
TITLE_CUE = re.compile(r"报告|总结|情况|工作|讲话|述职")
ANONYMISED = re.compile(r"(?=[X×某])(?:X{2,}|×{2,}|某某)")  # the lookahead: a quick scan of a whole text
MEDIA = re.compile(r"日报|晚报|新闻|网$|客户端|电视台|广播|报社|新华社|人民网|网站")
PAGE_SOURCE = re.compile(r"^\s*(?:来源|信息来源|发布机构|发文机关|发布单位)\s*[:：]\s*(?P<value>\S.*?)\s*$")
PAGE_DATE = re.compile(r"^\s*(?:发布时间|发布日期|成文日期|时间|日期)\s*[:：]\s*(?P<value>.+)$")

# Sessions of the national people's congress before terms ran a regular five years.
_EARLY_NPC = {(1, 1): 1954, (1, 2): 1955, (1, 3): 1956, (1, 4): 1957, (1, 5): 1958, (2, 1): 1959, (2, 2): 1960,
              (2, 3): 1962, (2, 4): 1963, (3, 1): 1964, (4, 1): 1975}
PARTY_CONGRESS_YEARS = {1: 1921, 2: 1922, 3: 1923, 4: 1925, 5: 1927, 6: 1928, 7: 1945, 8: 1956, 9: 1969, 10: 1973,
                        11: 1977, 12: 1982, 13: 1987, 14: 1992, 15: 1997, 16: 2002, 17: 2007, 18: 2012, 19: 2017,
                        20: 2022, 21: 2027}
FIELDS = ("title", "issuer", "place", "admin_level", "report_type", "report_year", "delivered_year")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    issuer: str | None
    admin_level: str | None
    org_type: str | None
    report_year: int | None
    report_type: str
    is_anonymised: bool
    place: str | None = None
    delivered_year: int | None = None
    source: dict[str, str] = field(default_factory=dict)  # field -> where its value was read


def year_of(token: str) -> int | None:
    """A year as written: digits, or Chinese numerals digit by digit (二〇二三 → 2023)."""
    if token.isdigit():
        return int(token)
    digits = "".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九" else "0" if c == "零" else "?"
                     for c in token)
    return int(digits) if digits.isdigit() else None


def ordinal(token: str) -> int | None:
    """第十九届 → 19; None when the token is no numeral."""
    if token.isdigit():
        return int(token)
    try:
        return int(parse_chinese(token.replace("两", "二")))
    except NumeralError:
        return None


def _chinese(number: int) -> str:
    """19 → 十九: how terms and congresses are numbered in names."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(number, 10)
    return ((digits[tens] if tens > 1 else "") + "十" if tens else "") + (digits[ones] if ones else "")


def national_congress_year(term: int, session: int) -> int | None:
    """The year of a session of the national people's congress (第十四届第二次 → 2024)."""
    if term >= 5:
        return 1978 + (term - 5) * 5 + session - 1
    return _EARLY_NPC.get((term, session))


_MARKDOWN_MARKS = re.compile(r"^[>#\s　]+|\*\*|__")
_SPACES_IN_CHINESE = re.compile(rf"(?<=[{_CJK}])[ 　]+(?=[{_CJK}])")


def _clean(line: str) -> str:
    """A line as a reader sees it: no Markdown marks, no spaces inside Chinese (政 府 工 作 报 告)."""
    line = _MARKDOWN_MARKS.sub("", line).strip(" 　\t*").replace("――", "——")
    return _SPACES_IN_CHINESE.sub("", line) if " " in line or "　" in line else line


def valid_issuer(candidate: str | None) -> str | None:
    """``candidate`` when it is an organisation's name and nothing more; else None."""
    if not candidate:
        return None
    m = ORG_NAME.fullmatch(candidate)
    if not m:
        return None
    place = m.group("place")
    if place and _NOT_A_PLACE.search(place):
        return None
    national = m.group("body") == "国务院" or "中央" in m.group("body") or candidate.startswith(("中国共产党", "中共"))
    if not place and not national:
        return None  # 政府, 区政府: a body without its place names nobody
    return candidate


def _has_place(name: str) -> bool:
    m = ORG_NAME.fullmatch(name)
    return bool(m and m.group("place") and not _NOT_A_PLACE.search(m.group("place")))


def place_of(name: str | None) -> str | None:
    """The most specific place a name names (深圳市罗湖区人民政府 → 罗湖区); 全国 for the national bodies."""
    if not name:
        return None
    if re.search(r"国务院|中央|全国", name) and not re.search(rf"[{_CJK}]+{_UNIT}", name.replace("中央", "")):
        return "全国"
    m = ORG_NAME.fullmatch(name)
    stripped = m.group("place") or "" if m else re.sub(rf"^(中国共产党|中共)|{_ORDINAL}.*$|({_BODY})$", "", name)
    units = re.findall(rf"[{_NAME}]+?{_UNIT}", stripped)
    units = [u for u in units if u]
    if not units or _NOT_A_PLACE.search(units[-1]):
        return None
    last = units[-1]
    # 市辖区 written as "XX市XX区": the district; a bare unit character is no place
    return last if len(last) > 1 else None


def admin_level_of(place: str | None, issuer: str | None = None) -> str | None:
    """中央 / 省 / 市 / 区 / 县 / 乡镇 / 新区, from the place, else from the body."""
    if place == "全国" or (issuer and re.search(r"国务院|中共中央|全国人大|全国政协|中央纪委|中央委员会", issuer)):
        return "中央"
    if not place:
        return None
    if place in MUNICIPALITIES or place.endswith(("省", "自治区", "特别行政区")):
        return "省"
    if place.endswith(("新区", "开发区", "高新区")):
        return "新区"
    if place.endswith(("市", "自治州", "州", "盟", "地区")):
        return "市"
    if place.endswith("区"):
        return "区"
    if place.endswith(("县", "旗", "自治县", "自治旗")):
        return "县"
    if place.endswith(("乡", "镇", "街道")):
        return "乡镇"
    return None


def org_type_of(issuer: str | None) -> str | None:
    if not issuer:
        return None
    return next((kind for kind, pattern in ORG_TYPES if pattern.search(issuer)), None)


@dataclass
class _Reading:
    """What has been read so far, each value with where it was read."""

    values: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)

    def offer(self, name: str, value, where: str) -> None:
        if value is not None and self.values.get(name) is None:
            self.values[name] = value
            self.source[name] = where

    def get(self, name: str):
        return self.values.get(name)


@dataclass
class _TitleBlock:
    lines: list[str]  # cleaned lines of the title block
    title: str | None
    body_start: int  # index (in cleaned lines) of the first body line


def _lines(text: str) -> list[str]:
    chrome = {text[s:e] for s, e in chrome_lines(text)}
    out = []
    for raw in text.split("\n"):
        if not raw.strip() or raw in chrome:
            continue
        out.append(_clean(raw))
    return [line for line in out if line]


def _title_block(lines: list[str]) -> _TitleBlock:
    """The lines above the body: title, dated meeting line, speaker, 来源; the body starts at the salutation or prose."""
    block, title_parts = [], []
    for i, line in enumerate(lines[:16]):
        sentence = re.search("[，。；]", line) and not line.startswith(("——", "--", "（", "(", "<!--"))
        if (re.match(r"^(各位代表|同志们|各位委员|尊敬的|现在|[一二三四五六七八九十]{1,3}、)", line) or "我代表" in line
                or (sentence and len(line) > 12 and not PAGE_SOURCE.match(line) and not PAGE_DATE.match(line))):
            return _TitleBlock(block, _join_title(title_parts), i)
        if chrome_lines(line) and not PAGE_SOURCE.match(line) and not PAGE_DATE.match(line):
            continue
        block.append(line)
        if line.startswith("<!--"):
            continue  # a converter's image caption ("省委副书记、代省长XX作政府工作报告"), not the title
        if (len(line) <= 60 and not line.endswith(("：", ":")) and not re.search("[，。！？]|记者|摄$", line)
                and not line.startswith("——")
                and not PAGE_SOURCE.match(line) and not PAGE_DATE.match(line) and not SPEAKER.match(line)
                and not DATE_RE.fullmatch(line.strip("（）() ")) and (TITLE_CUE.search(line) or title_parts)):
            title_parts.append(line)
        elif line.startswith("——") and "报告" in line:
            # a title set over lines with no cue of their own ("高举…旗帜 / 为…而团结奋斗 / ——在…上的报告")
            if not title_parts:
                above = [p for p in block[-3:-1] if len(p) <= 40 and not re.search("[，。：:]", p)]
                title_parts = [" ".join([*above, line])]
            else:
                title_parts.append(line)
    return _TitleBlock(block, _join_title(title_parts), min(len(lines), 16))


def _join_title(parts: list[str]) -> str | None:
    if not parts:
        return None
    # a title set over two or three lines ("高举…旗帜 / 为…而团结奋斗 / ——在…上的报告") reads as one
    return " ".join(parts[:3]) if len(parts) > 1 and any("——" in p for p in parts[1:3]) else parts[0]


def _issuer_in(text: str) -> str | None:
    """The organisation a title or line begins with (XX区委2023年… → XX区委; 2024年政府工作报告 → None)."""
    head = re.split(rf"{_YEAR}\s*年|关于|向|在", text, maxsplit=1)[0]
    for end in range(min(len(head), 40), 1, -1):
        if valid_issuer(head[:end]):
            return head[:end]
    return None


def extract(text: str, file_name: str | None = None) -> Metadata:
    """Metadata of a normalised report.

    Args:
        text: normalised report text.
        file_name: the file's name, read only for what the text does not say (recorded as ``file_name``).

    Returns:
        Title, issuer, place, level, organisation type, years and report type; None where not stated.
    """
    lines = _lines(text)
    block = _title_block(lines)
    r = _Reading()
    body = lines[block.body_start:]
    head_text = "\n".join(body[:12])

    # the title block
    title = block.title
    if title:
        for part in [title, *title.split(" ")]:  # a title set over lines: the organisation may open any of them
            r.offer("issuer", _issuer_in(part.removeprefix("——")), "title")
        r.offer("place", _place_in_title(title), "title")
    joined = "".join(block.lines)  # a meeting line may be broken over two lines
    if m := PEOPLES_CONGRESS.search(joined) or PEOPLES_CONGRESS_SHORT.search(joined):
        _congress(r, m, "meeting_line")
    for line in block.lines:
        if m := PARTY_CONGRESS.search(line):
            _party_congress(r, m, "meeting_line")
        if m := SPEAKER.match(line):
            r.offer("speaker_role", m.group("role"), "speaker")
        if (m := SPEAKER.match(line)) and m.group("org"):
            org = m.group("org")
            r.offer("issuer", valid_issuer(org) or ("国务院" if m.group("role") == "总理" else None), "speaker")
            r.offer("place", place_of(org) or _place_in_title(org), "speaker")
        elif (m := SPEAKER.match(line)) and m.group("role") == "总理":
            r.offer("issuer", "国务院", "speaker")
        dated = line.startswith(("——", "--", "—", "（", "(")) or "会议上" in line or "通过" in line
        if (m := DATE_RE.search(line)) and (dated or DATE_RE.fullmatch(line.strip("（）() "))):
            r.offer("delivered_year", year_of(m.group(1)), "title")
        if (m := PAGE_DATE.match(line)) and (d := ISO_DATE_RE.search(m.group("value")) or DATE_RE.search(m.group("value"))):
            r.offer("page_year", year_of(d.group(1)), "page")
        if "作政府工作报告" in line and (m := CAPTION.search(line)):
            r.offer("place", place_of(m.group("place") + "人民政府"), "title")
        if m := PAGE_SOURCE.match(line):
            source = m.group("value").split()[0]
            if not MEDIA.search(source):
                r.offer("page_issuer", valid_issuer(source), "page")

    # the opening sentence
    opening = OPENING.search(head_text)
    opening_type = None
    if opening:
        named = opening.group("body").strip("“”")
        issuer, place, opening_type = _opening(named, opening.group("verb"), r.get("place"))
        r.offer("issuer", issuer, "opening")
        r.offer("place", place, "opening")
    # a congress named in the opening is the one the report is delivered to; one named further on is history
    opened = False
    for line in body[:6]:
        if (m := PEOPLES_CONGRESS.search(line) or PEOPLES_CONGRESS_SHORT.search(line)) and not opened:
            _congress(r, m, "opening")
        elif ("我代表" in line or "我现在代表" in line) and (m := NATIONAL_TERM.search(line)):
            r.offer("place", "全国", "opening")  # "向第四届全国人民代表大会作政府工作报告": its first session
            r.offer("delivered_year", national_congress_year(ordinal(m.group("term")) or 0, 1), "opening")
        if (m := PARTY_CONGRESS.search(line)) and not line[m.end():].startswith(("以来", "上", "期间")):
            _party_congress(r, m, "opening")  # not "党的第十二次全国代表大会以来": that one is history
        opened = opened or "我代表" in line or "我受" in line

    # no "我代表…": the subject of the first sentence ("2023年，XX县纪委监委在县委…领导下")
    if not opening and body and (m := SUBJECT.match(body[0])):
        r.offer("issuer", valid_issuer(m.group("subject")), "opening")

    # the signature above the closing date
    signature_issuer, signature_date = _signature(lines)
    r.offer("issuer", signature_issuer, "signature")
    r.offer("issuer", r.get("page_issuer"), "page")

    report_type, type_source = _report_type(title, opening_type, head_text, r.get("issuer"))
    if report_type is None and re.search(r"向大会(作|报告)政府工作|作政府工作报告", head_text):
        report_type, type_source = "政府工作报告", "opening"  # "现在，我就以此为题，向大会作政府工作报告"
    if not r.get("issuer") and (m := SPEAKING_FOR.search(text)):
        # "我代表广州市人民政府，向给予政府工作大力支持的…": the government speaking, further on
        r.offer("issuer", valid_issuer(m.group(1)), "body")
    local = opening and re.search(r"[省市区县州旗]", opening.group("body"))
    if report_type == "政府工作报告" and not local and not r.get("place") and not r.get("issuer") \
            and re.search(r"全国人民代表大会|全国人大|国务院", text[:3000]):
        r.offer("issuer", "国务院", "opening")  # a government work report to the national congress
    if report_type is None and not opening and r.get("congress_year"):  # opens on the Party congress it is made to
        report_type, type_source = "党代会报告", r.source["congress_year"]
    if report_type is None and r.get("speaker_role") in GOVERNMENT_HEADS and r.get("peoples_congress"):
        # delivered by the head of a government at a people's congress
        report_type, type_source = "政府工作报告", "speaker"
    if report_type is None and not opening and r.get("peoples_congress") and re.search(r"本届政府|政府工作", text[:4000]):
        report_type, type_source = "政府工作报告", "body"  # to a people's congress, about the government's work
    if report_type is None and not opening and (r.get("issuer") or "").endswith("政府") and _reviews_and_plans(lines):
        report_type, type_source = "政府工作报告", "body"  # a government reviewing one year and planning the next
    r.offer("report_type", report_type, type_source)
    _years(r, text, lines, block, title, report_type, signature_date)

    issuer = r.get("issuer")
    if issuer and not r.get("place"):
        r.offer("place", place_of(issuer), r.source["issuer"])
    if issuer and r.get("place") and not _has_place(issuer) and r.get("place") != "全国":
        # 省人民政府, 市政府: the body named without its place, completed from where the place was read
        completed = valid_issuer(r.get("place") + issuer)
        if completed:
            r.values["issuer"] = completed
    if (issuer := r.get("issuer")) and re.search(r"[^人民]政府$", issuer) and _has_place(issuer):
        r.values["issuer"] = issuer[:-2] + "人民政府"  # 营口市政府 and 营口市人民政府 are one body: one name
    if opening and not r.get("place") and (m := re.match(r"(省|市|自治区|自治州|州)((人民)?政府)$", opening.group("body"))):
        r.offer("place", _place_in_body(text, "自治州" if m.group(1) == "州" else m.group(1)), "body")
        if r.get("place"):
            r.offer("issuer", valid_issuer(r.get("place") + m.group(2)), "body")
    if file_name:
        _from_file_name(r, file_name)
    place, issuer = r.get("place"), r.get("issuer")
    if place and not issuer:
        # the body that delivers such a report there: 国务院, XX市人民政府, the Party's central committee
        if report_type == "政府工作报告":
            r.offer("issuer", "国务院" if place == "全国" else valid_issuer(f"{place}人民政府"), r.source["place"])
        elif report_type == "党代会报告" and place == "全国" and (number := r.get("congress_number")):
            r.offer("issuer", f"中国共产党第{_chinese(number - 1)}届中央委员会", r.source["place"])
        issuer = r.get("issuer")
    level = admin_level_of(place, issuer)
    if level:
        r.source["admin_level"] = r.source.get("place") or r.source.get("issuer", "")
    for scratch in ("speaker_role", "peoples_congress", "party_congress", "congress_number"):
        r.values.pop(scratch, None)
    r.values.pop("page_issuer", None)
    r.values.pop("page_year", None)
    r.values.pop("congress_year", None)
    if title:
        r.source["title"] = "title"
    return Metadata(
        title=title,
        issuer=issuer,
        admin_level=level,
        org_type=org_type_of(issuer),
        report_year=r.get("report_year"),
        report_type=r.get("report_type") or "其他",
        is_anonymised=bool(ANONYMISED.search(text)),
        place=place,
        delivered_year=r.get("delivered_year"),
        source={k: v for k, v in r.source.items() if k in FIELDS},
    )


def _place_in_title(title: str) -> str | None:
    """The place a title names (2025年福建省政府工作报告 → 福建省; 政府工作报告 → None)."""
    stripped = re.sub(rf"{_YEAR}\s*年(度)?|^——|[（(].*?[）)]", "", title)
    m = _PLACE_RE.match(stripped.removeprefix("中国共产党").removeprefix("中共"))
    if not m:
        return None
    return place_of(m.group(0) + "人民政府")


# Words ending in 省 or 市 that name no place (全市, 城市, 经济大省).
_NOT_PLACE_NAMES = {
    "全市", "本市", "我市", "各市", "该市", "城市", "都市", "超市", "门市", "上市", "股市", "楼市", "车市", "夜市", "集市",
    "菜市", "早市", "省市", "县市", "地市", "市市", "新市", "入市", "开市", "闭市", "撤市", "设市", "强市", "大市",
    "全省", "本省", "我省", "各省", "该省", "外省", "邻省", "分省", "大省", "强省", "兄弟省", "人口大省", "经济大省",
}


PROVINCES = {
    "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省", "江苏": "江苏省",
    "浙江": "浙江省", "安徽": "安徽省", "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省",
    "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省", "海南": "海南省", "四川": "四川省", "贵州": "贵州省",
    "云南": "云南省", "陕西": "陕西省", "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
}


@cache
def _word_tags() -> dict[str, str]:
    """jieba's part of speech of each dictionary word of two to four characters (代表: n, 长沙: ns).

    A word the dictionary knows as a verb or a common noun (推进, 代表) is no city's name, whatever
    follows it; read once, and only for reports that name their place nowhere but in the body.
    """
    tags = {}
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as words:
        for line in words:
            word, _freq, tag = line.rstrip("\n").split(" ")
            if 2 <= len(word) <= 4:
                tags[word] = tag
    return tags


def _place_in_body(text: str, unit: str) -> str | None:
    """The province, region or city a report speaks of most, for an opening that says only "我代表省人民政府".

    A report names its own place far more often than any other, mostly without the unit (甘肃, not
    甘肃省). Provinces and regions are a closed list; a city counts when it is written with 市 at
    least once and the dictionary knows it as a name. One is taken only when it is clearly the most frequent.
    """
    if unit in ("省", "自治区"):
        counts = {full: text.count(short) for short, full in PROVINCES.items() if full.endswith(unit)}
    else:
        written = {}
        for size in (2, 3, 4):
            # not where 市 starts another word: 建设市场, 县市级
            for m in re.finditer(rf"(?=([{_CJK}]{{{size}}}){unit}(?![场级]))", text):
                written[m.group(1)] = written.get(m.group(1), 0) + 1
        tags = _word_tags()
        counts = {n + unit: text.count(n) for n, c in written.items()
                  if n + unit not in _NOT_PLACE_NAMES and not _NOT_A_PLACE.search(n)
                  and not re.search(r"[省市区县州]", n) and tags.get(n) in ("ns", "nr", "nz")}
    # a longer name wins over its own tail when it occurs as often (哈尔滨 over 尔滨)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0])))
    if not ranked or ranked[0][1] < 5:
        return None
    best, count = ranked[0]
    rivals = [c for n, c in ranked[1:] if not (n[:-1] in best or best[:-1] in n)]
    if rivals and rivals[0] * 2 > count:
        return None
    return best


def _reviews_and_plans(lines: list[str]) -> bool:
    """Headings of a year's review and of the next year's plan ("一、2004年工作回顾", "二、2005年主要工作任务")."""
    years = [year_of(m.group(1)) for line in lines[:400] if len(line) <= 40 and (m := HEADING_YEAR.match(line))]
    return any(a and b == a + 1 for a, b in pairwise(years))


def _congress(r: _Reading, m: re.Match, where: str) -> None:
    r.offer("peoples_congress", True, where)
    term, session = ordinal(m.group("term")), ordinal(m.group("session"))
    place = m.group("place").rsplit("在", 1)[-1]  # the dated line reads "…日在XX省第…届…"
    if m.group("national"):
        r.offer("place", "全国", where)
        if term and session:
            r.offer("delivered_year", national_congress_year(term, session), where)
    elif place:
        r.offer("place", place_of(place + "人民政府"), where)


def _party_congress(r: _Reading, m: re.Match, where: str) -> None:
    number = ordinal(m.group("number"))
    if m.group("national"):
        r.offer("place", "全国", where)
        r.offer("congress_number", number, where)
        if number in PARTY_CONGRESS_YEARS:
            r.offer("congress_year", PARTY_CONGRESS_YEARS[number], where)
    elif place := m.group("place").rsplit("在", 1)[-1]:
        r.offer("place", place_of(place + "委员会"), where)
    r.offer("party_congress", True, where)


def _opening(named: str, verb: str, place: str | None) -> tuple[str | None, str | None, str | None]:
    """(issuer, place, report type) from "我代表<named>向大会<verb>"."""
    kind = None
    if "纪律检查委员会" in named or named.endswith("纪委"):
        kind = "纪委工作报告"
    elif "管理委员会" in named or "管委会" in named:
        kind = "管委会工作报告"
    elif "常务委员会" in named or "人大常委会" in named:
        kind = "人大常委会工作报告"
    elif "政协" in named or "政治协商会议" in named:
        kind = "政协工作报告"
    elif "政府工作" not in verb and re.search(r"关于.{0,24}(计划|预算|决算|规划)", verb):
        kind = None  # a plan or budget report to the congress, not the government's work report
    elif named.endswith(("人民政府", "政府", "国务院")) or "政府工作" in verb:
        kind = "政府工作报告"
    elif named.endswith("委员会"):
        kind = "党代会报告"
    if named in ("国务院", "中华人民共和国国务院"):
        return "国务院", "全国", kind
    if re.fullmatch(rf"(中共|中国共产党)?({_ORDINAL})?中央委员会", named):
        issuer = named if named.startswith(("中共", "中国共产党")) else "中国共产党" + named
        return issuer, "全国", kind
    issuer = valid_issuer(named)
    if issuer is None and place and place != "全国":
        issuer = valid_issuer(place + re.sub(rf"^(?:自治区|自治州|自治县|[省市区县州旗])?(?={_BODY})", "", named))
    return issuer, place_of(issuer), kind


def _signature(lines: list[str]) -> tuple[str | None, tuple[int, int] | None]:
    """The organisation signing above the closing date, and that date's (year, month)."""
    tail = lines[-4:]
    date = None
    issuer = None
    for i in range(len(tail) - 1, -1, -1):
        line = tail[i].strip("（）() ")
        if date is None and (m := DATE_RE.fullmatch(line) or DATE_RE.fullmatch(line.removesuffix("印发"))):
            date = (year_of(m.group(1)), ordinal(m.group(2)) or 0)
            continue
        if date is not None and len(line) <= 30 and not line.endswith("。"):
            issuer = valid_issuer(line) or _issuer_in(line)
            break
    return issuer, date


def _report_type(title: str | None, opening_type: str | None, head_text: str, issuer: str | None) -> tuple[str | None, str]:
    """The kind of report, from its own words about itself: the title, else the opening."""
    if title:
        for name, pattern in REPORT_TYPES[:-1]:
            if pattern.search(title):
                return name, "title"
    if opening_type:
        return opening_type, "opening"
    if m := REPORTED_AS_FOLLOWS.search(head_text):
        sentence = head_text[max(0, m.start() - 80):m.end()]
        for name, pattern in REPORT_TYPES[:2] + REPORT_TYPES[3:4]:
            if pattern.search(sentence):
                return name, "opening"
        if org_type_of(issuer) == "纪委":  # a 纪委 reporting its year's work
            return "纪委工作报告", "opening"
        return "工作报告", "opening"
    if title and REPORT_TYPES[-1][1].search(title):
        return "工作报告", "title"
    if org_type_of(issuer) == "纪委":
        return "纪委工作报告", "issuer"
    return None, ""


def _years(r: _Reading, text: str, lines: list[str], block: _TitleBlock, title: str | None, report_type: str | None,
           signature: tuple[int, int] | None) -> None:
    """report_year and delivered_year, by the report's type (see the module's docstring)."""
    review = plan = None
    for line in lines[block.body_start:block.body_start + 400]:
        if review is None and (m := REVIEW.match(line[:40])):
            review = year_of(m.group(1))
        if review is None and (m := REVIEW_SENTENCE.match(line) or FIRST_PART_YEAR.match(line)):
            review = year_of(m.group(1))
        if (plan is None and len(line) <= 60 and not re.search("回顾|远景|纲要|规划", line)
                and (m := PLAN.match(line) or PLAN_HEADING.match(line))):
            plan = year_of(next(g for g in m.groups() if g))
    if review and plan and plan != review + 1:
        plan = None  # a plan heading of another year than the one after the review: a target, not the plan
    if review is None:
        # "2015年主要工作和“十二五”发展成就" then "2016年主要工作": two headings of consecutive years
        years = [year_of(m.group(1)) for line in lines[block.body_start:block.body_start + 400]
                 if len(line) <= 40 and (m := HEADING_YEAR.match(line))]
        pairs = [(a, b) for a, b in pairwise(years) if a and b == a + 1]
        if pairs:
            review, plan = pairs[0][0], plan or pairs[0][1]
    if plan is None and (m := THIS_YEAR.search("\n".join(lines[block.body_start:block.body_start + 400]))):
        plan = year_of(m.group(1))
    title_year = year_of(m.group(1)) if title and (m := YEAR_RE.search(title)) else None
    opening_year = first_paragraph_year = None
    # a new term's report: "第十一届全国人民代表大会第一次会议以来的五年" is delivered five years on,
    # "第六届全国人民代表大会期间" at the next term's first session
    for line in lines[block.body_start:block.body_start + 15]:
        if m := TERM_PAST.search(line):
            if (term := ordinal(m.group("term"))) and (year := national_congress_year(term + 1, 1)):
                r.offer("delivered_year", year, "opening")
            break
        m = PEOPLES_CONGRESS.search(line)
        if not (m and m.group("national")):
            continue
        since = national_congress_year(ordinal(m.group("term")) or 0, ordinal(m.group("session")) or 0)
        if since and ordinal(m.group("session")) == 1 and "五年" in line[m.end():m.end() + 30]:
            r.offer("delivered_year", since + 5, "opening")
        elif since and "去年" in line[max(0, m.start() - 8):m.start()]:  # "从去年9月第五届…第三次会议到现在"
            r.offer("delivered_year", since + 1, "opening")
        break
    for i, line in enumerate(lines[block.body_start:block.body_start + 15]):
        if (m := OPENING_YEAR.match(line)) or (m := REVIEW_SENTENCE.match(line)):
            if i < 4:
                opening_year = year_of(m.group(1))
            # the review's first paragraph: "2004年，全国各族人民…"
            first_paragraph_year = year_of(m.group(1))
            break

    committee = re.search(rf"第?([{_NUM}]+)届中央委员会$", r.get("issuer") or "")
    if report_type == "党代会报告" and committee and (term := ordinal(committee.group(1))):
        # the Nth central committee reports to the (N+1)th congress
        r.offer("delivered_year", PARTY_CONGRESS_YEARS.get(term + 1), r.source.get("issuer", ""))
    if r.get("congress_year") and report_type in ("党代会报告", "纪委工作报告", None):  # to a national Party congress
        r.offer("delivered_year", r.get("congress_year"), r.source["congress_year"])
    if report_type in ANNUAL_TO_A_MEETING:
        if title_year and not r.get("delivered_year") and title_year != review:
            r.offer("delivered_year", title_year, "title")
        r.offer("delivered_year", plan, "plan_heading")
        r.offer("report_year", review, "review_heading")
        if r.get("delivered_year"):
            r.offer("report_year", r.get("delivered_year") - 1, "delivered_year")
        r.offer("report_year", first_paragraph_year, "review_paragraph")
        if r.get("delivered_year"):
            r.offer("report_year", r.get("delivered_year") - 1, "delivered_year")
        reviewed = r.get("report_year")
        r.offer("delivered_year", reviewed + 1 if reviewed else None, r.source.get("report_year", ""))
    elif report_type == "党代会报告" or r.get("party_congress"):
        r.offer("delivered_year", title_year, "title")
        r.offer("report_year", r.get("delivered_year"), r.source.get("delivered_year", ""))
    else:
        r.offer("report_year", title_year, "title")
        r.offer("report_year", opening_year, "opening")
        r.offer("report_year", review, "review_heading")
        if signature and signature[0]:
            year, month = signature
            r.offer("delivered_year", year, "signature")
            r.offer("report_year", year - 1 if 0 < month <= 3 and "今年以来" not in text[:600] else year, "signature")
        r.offer("report_year", plan - 1 if plan else None, "plan_heading")
        r.offer("report_year", r.get("delivered_year"), r.source.get("delivered_year", ""))
    r.offer("delivered_year", r.get("page_year"), "page")
    if r.get("report_year") and not r.get("delivered_year"):
        later = report_type in ANNUAL_TO_A_MEETING
        r.offer("delivered_year", r.get("report_year") + (1 if later else 0), "report_year")
    if r.get("delivered_year") and not r.get("report_year"):
        r.offer("report_year", r.get("delivered_year") - (1 if report_type in ANNUAL_TO_A_MEETING else 0),
                "delivered_year")


_FILE_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")


def _from_file_name(r: _Reading, file_name: str) -> None:
    """What a file name says, for the fields the text left empty (龙岗区2020年政府工作报告.txt)."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name)
    words = re.sub(r"[_\-\s.()（）]+", " ", stem)
    if not r.get("place"):
        for chunk in re.split(rf"[^{_CJK}]+", words):
            if place := _place_in_title(chunk):
                r.offer("place", place, "file_name")
                break
    if not r.get("report_type"):
        for name, pattern in REPORT_TYPES[:-2]:
            if pattern.search(words):
                r.offer("report_type", name, "file_name")
                break
    years = [int(y) for y in _FILE_YEAR.findall(words)]
    if years and not r.get("report_year") and not r.get("delivered_year"):
        annual = (r.get("report_type") or "") in ANNUAL_TO_A_MEETING
        # a 2020年政府工作报告 is delivered in 2020 about 2019; a 2020年…情况报告 is about 2020
        r.offer("delivered_year", years[0], "file_name")
        r.offer("report_year", years[0] - (1 if annual else 0), "file_name")
