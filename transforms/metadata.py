"""Who issued a report, about which year, and what kind of report it is.

Read from the title line, or from the body when a report has none (opening
paragraph, the signature and date at the end). Never from the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.clutter import chrome_lines

# (report_type, cue in the title), most specific first.
REPORT_TYPES = (
    ("全面从严治党主体责任", re.compile(r"全面从严治党.{0,6}主体责任|主体责任.{0,4}情况")),
    ("纪委工作报告", re.compile(r"纪律检查委员会.{0,8}(工作)?报告|纪委.{0,8}工作报告")),
    ("政府工作报告", re.compile(r"政府工作报告")),
    ("法治政府建设", re.compile(r"法治政府建设")),
    ("党代会报告", re.compile(r"代表大会上的报告|党代会")),
    ("人大常委会工作报告", re.compile(r"人民代表大会常务委员会工作报告|人大常委会工作报告")),
    ("政协工作报告", re.compile(r"政协.{0,12}工作报告|政治协商会议.{0,12}工作报告")),
    ("党建工作总结", re.compile(r"党建工作.{0,4}(总结|报告)|基层党建")),
    ("述职报告", re.compile(r"述职")),
    ("工作总结", re.compile(r"工作总结|总结")),
    ("工作报告", re.compile(r"工作报告|情况报告|报告")),
)

# Organisation suffixes: what kind of body issued the report.
ORG_TYPES = (
    ("纪委", re.compile(r"(纪委|纪律检查委员会|监委|监察委员会)$")),
    ("人大", re.compile(r"(人大常委会|人民代表大会常务委员会|人大)$")),
    ("政协", re.compile(r"(政协|政治协商会议.*委员会)$")),
    ("管委会", re.compile(r"管委会|管理委员会$")),
    ("政府", re.compile(r"(人民政府|政府)$")),
    ("党委", re.compile(r"(区委|市委|县委|省委|州委|旗委|党委|党组|党工委|工委|委员会)$")),
    ("部门", re.compile(r"(局|厅|办公室|办|中心|委|部)$")),
)
ORG_SUFFIX = re.compile(
    r"(纪律检查委员会|监察委员会|纪委监委|纪委|监委|人大常委会|人民代表大会常务委员会|政协|"
    r"管理委员会|管委会|人民政府|政府|区委|市委|县委|省委|州委|旗委|党委|党组|党工委|工委|"
    r"办公室|局|厅)"
)

YEAR_RE = re.compile(r"(19[5-9]\d|20\d\d)\s*年")
SIGNATURE_DATE = re.compile(r"(19[5-9]\d|20\d\d)年\d{1,2}月\d{1,2}日\s*$")
TITLE_CUE = re.compile(r"报告|总结|情况|工作|讲话|述职")
ANONYMISED = re.compile(r"X{2,}|×{2,}|某某")


@dataclass(frozen=True)
class Metadata:
    title: str | None
    issuer: str | None
    admin_level: str | None
    org_type: str | None
    report_year: int | None
    report_type: str
    is_anonymised: bool


def find_title(lines: list[str]) -> str | None:
    """The first line of report text when it reads as a title: short, unpunctuated, naming a report."""
    for line in lines[:15]:
        line = line.strip()
        if not line or chrome_lines(line):
            continue
        if len(line) <= 60 and not line.endswith(("。", "：", ":")) and "，" not in line and TITLE_CUE.search(line):
            return line
        return None
    return None


def issuer_from(text: str) -> str | None:
    """The organisation named at the start of ``text`` (``XX区委2023年…`` → ``XX区委``)."""
    head = YEAR_RE.split(text, maxsplit=1)[0]
    for candidate in (head, re.sub(r"^\s*(19|20)\d\d年度?", "", text)):
        candidate = candidate.strip(" ：:，,")
        if not candidate:
            continue
        last = None
        for m in ORG_SUFFIX.finditer(candidate[:30]):
            last = m
            # stop at the first suffix that closes a name (关于… follows it)
            if candidate[m.end():m.end() + 2] in ("关于", "") or YEAR_RE.match(candidate, m.end()):
                break
        if last is not None:
            return candidate[: last.end()]
    return None


def admin_level_of(issuer: str | None) -> str | None:
    """The administrative level of an issuer: the most specific unit its name names."""
    if not issuer:
        return None
    if re.search(r"中共中央|国务院|全国人大|全国政协|中央纪委", issuer):
        return "中央"
    if "新区" in issuer:
        return "新区"
    best, best_pos = None, -1
    for level, pattern in (("省", r"省|自治区"), ("市", r"市|自治州|州"), ("区", r"区"), ("县", r"县|旗"),
                           ("乡镇", r"乡|镇|街道")):
        for m in re.finditer(pattern, issuer):
            if m.start() > best_pos:
                best, best_pos = level, m.start()
    return best


def org_type_of(issuer: str | None) -> str | None:
    if not issuer:
        return None
    return next((kind for kind, pattern in ORG_TYPES if pattern.search(issuer)), None)


def report_type_of(title: str | None, body_head: str, org_type: str | None = None) -> str:
    """The kind of report: from the title, else from the opening paragraph and the issuer."""
    for name, pattern in REPORT_TYPES:
        if title and pattern.search(title):
            return name
    for name, pattern in REPORT_TYPES[:-2]:
        if pattern.search(body_head):
            return name
    if org_type == "纪委":
        return "纪委工作报告"
    return "工作报告" if "报告如下" in body_head else "其他"


def extract(text: str) -> Metadata:
    """Metadata of a normalised report.

    Args:
        text: normalised report text.

    Returns:
        Title, issuer, level, organisation type, year and report type; None where not stated.
    """
    lines = text.split("\n")
    title = find_title(lines)
    body_head = text[:400]
    issuer = issuer_from(title) if title else None
    if issuer is None:
        issuer = _issuer_from_body(text)
    year = None
    if title and (m := YEAR_RE.search(title)):
        year = int(m.group(1))
    if year is None and (m := YEAR_RE.search(body_head)):
        year = int(m.group(1))
    if year is None and (m := SIGNATURE_DATE.search(text.rstrip())):
        year = int(m.group(1)) - 1 if "今年以来" not in text else int(m.group(1))
    return Metadata(
        title=title,
        issuer=issuer,
        admin_level=admin_level_of(issuer),
        org_type=org_type_of(issuer),
        report_year=year,
        report_type=report_type_of(title, body_head, org_type_of(issuer)),
        is_anonymised=bool(ANONYMISED.search(text)),
    )


def _issuer_from_body(text: str) -> str | None:
    """Without a title: the signature line before the closing date, else the opening sentence's subject."""
    tail = [line.strip() for line in text.rstrip().split("\n")[-4:] if line.strip()]
    for line in reversed(tail):
        if len(line) <= 30 and ORG_SUFFIX.search(line) and not line.endswith("。"):
            return issuer_from(line)
    first = re.search(r"[^，。\n]{2,40}?(?=坚持|认真|深入|始终|全面)", text[:300])
    return issuer_from(first.group(0)) if first else None
