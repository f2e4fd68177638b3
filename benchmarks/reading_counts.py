"""How the reading rules fare on a folder of real reports: the counts an analyst would flag.

Usage: python benchmarks/reading_counts.py DIR [--jobs N]

Parses every report under DIR with the pure transforms (no warehouse, no Prefect) and counts, per
rule of the labelling rules, how often the text holds the construction and how often the reading gets
it wrong: part headings missed, flat outlines, list items taken for headings, appendix leaks, figures
that are not figures (phases, meeting numbers, tier labels, voltage classes, doctrine counts, 零部件),
figures missed (ranges, 个以上 + noun, 岁, 成, 分之, 标箱, 一万亿), wrong values, terms that are digits
or single characters, generic verbs at the top of every report, political vocabulary cut in pieces,
slogans that are one character or a digit, the report citing itself. The detectors here are written
independently of the extractor's rules, so they can count what it misses. Figures only, no text.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx"}

PART_LINE = re.compile(
    r"^[*#\s]*(?:[一二三四五六七八九十]+、\s*)?"
    r"(?:(?:19|20)\d\d年|过去[一二三四五]年|本届政府|今年|明年|[“\"]?十[一二三四五六]五[”\"]?(?:时期|期间)?|近[一二三四五]年)"
    r"[^。，；\n]{0,14}(?:工作回顾|工作安排|工作建议|工作部署|主要目标任务|目标任务|工作总结|主要工作|总体要求)[*\s]*$",
    re.MULTILINE)
APPENDIX_LINE = re.compile(
    r"^[*#\s]*(?:附件\s*\d*|附[:：]?|名词解释|有关名词解释|[^\n。，]{0,16}名词(?:、术语)?(?:解释|注释)|注释|注解|附注|"
    r"[^\n。，]{0,12}(?:民生实事|主要指标测算说明))[:：*\s]*$", re.MULTILINE)
POLITICAL = ("中国式现代化", "新发展格局", "中国特色社会主义", "先行示范区", "三个务必", "两个结合")
GENERIC = ("建设", "发展", "加快", "企业", "提升", "推进", "实施", "完善", "打造", "推动", "加强")
MISSES = {
    # a span of years (2021—2035年) is no range of figures
    "range": re.compile(r"(?<!\d)(?!(?:19|20)\d\d\s*[-—～~至到])\d+(?:\.\d+)?%?\s*[-—～~至到]\s*\d+(?:\.\d+)?\s*"
                        r"(?:%|个百分点|家|年|个|万|亿|倍|天)"),
    "count_yishang_noun": re.compile(r"\d+个以上[\u4e00-\u9fff]"),
    # an age bound naming a group (60岁以上老人) is a scope, not a figure
    "age": re.compile(r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十]+(?:点[一二三四五六七八九〇零])?)岁(?!以上|以下|及以上)"),
    "cheng": re.compile(r"(?<![一二三四五六七八九十\d])[一二三四五六七八九]成(?![为立果功员本绩效长熟就交型品都市])"),
    "fenzhi": re.compile(r"[\d一二三四五六七八九十百]+分之[\d一二三四五六七八九十百]+"),
    "teu": re.compile(r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千]+)(?:万|亿)?标箱"),
    "yi_wanyi": re.compile(r"一万亿"),
}


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def covered(spans: list[tuple[int, int]], start: int, end: int, whole: bool) -> bool:
    for s, e in spans:
        if (s <= start and e >= end) if whole else (s < end and e > start):
            return True
    return False


# every count, printed also where it is 0 (a rule that reads its construction right counts no error)
KEYS = (
    "appendix_figures_leaked",
    "appendix_sections_leaked",
    "citation_self_report",
    "citations",
    "construction_age",
    "construction_cheng",
    "construction_count_yishang_noun",
    "construction_fenzhi",
    "construction_range",
    "construction_teu",
    "construction_yi_wanyi",
    "documents",
    "figures",
    "fp_enumeration_or_category",
    "fp_lingbujian",
    "fp_meeting_number",
    "fp_phase",
    "fp_tier",
    "fp_voltage",
    "headings_with_figures_in_title",
    "missed_age",
    "missed_cheng",
    "missed_count_yishang_noun",
    "missed_fenzhi",
    "missed_range",
    "missed_teu",
    "missed_yi_wanyi",
    "part_headings",
    "part_headings_missed",
    "political_phrase_as_term",
    "political_phrase_occurrences",
    "slogan_digits_only",
    "slogan_single_char",
    "slogans",
    "slogans_kept_as_slogan",
    "term_occ_digit",
    "term_occ_single_char",
    "term_occurrences",
    "term_occurrences_after_appendix",
    "texts_40plus_level2",
    "texts_flat_outline_8plus_level1_no_level2",
    "texts_generic_in_top5",
    "texts_leaking_appendix",
    "texts_no_heading",
    "texts_part_headings_missed",
    "texts_with_appendix",
    "texts_with_part_headings",
    "unreadable",
    "wrong_value_yi_wan",
)


def count_one(path: str) -> Counter:
    from baogao.transforms.parse import ReportReadError, parse_report

    c = Counter(dict.fromkeys(KEYS, 0))
    try:
        parsed = parse_report(Path(path).read_bytes(), Path(path).name)
    except ReportReadError:
        c["unreadable"] += 1
        return c
    f = parsed.frames
    text = f["dim_document"]["text"][0]
    c["documents"] += 1
    sec = f["dim_section"]
    heads = sec.filter(~sec["is_lead_sentence"])
    appendix_col = "is_appendix" in heads.columns
    main = heads.filter(~heads["is_appendix"]) if appendix_col else heads
    starts = set(heads["char_start"].to_list())
    # outline
    part_lines = [m for m in PART_LINE.finditer(text)]
    if part_lines:
        c["texts_with_part_headings"] += 1
        line_starts = {m.start() + len(m.group()) - len(m.group().lstrip("*# \t")) for m in part_lines}
        found = [s for s in line_starts if any(abs(s - h) <= 4 for h in starts)]
        if len(found) < len(line_starts):
            c["texts_part_headings_missed"] += 1
        c["part_headings"] += len(line_starts)
        c["part_headings_missed"] += len(line_starts) - len(found)
    levels = Counter(main["level"].to_list())
    if levels.get(1, 0) >= 8 and not levels.get(2):
        c["texts_flat_outline_8plus_level1_no_level2"] += 1
    if levels.get(2, 0) >= 40:
        c["texts_40plus_level2"] += 1
    figure_titles = sum(1 for t in main["title"].to_list() if re.search(r"\d+(?:\.\d+)?(?:%|亿|万)", t))
    c["headings_with_figures_in_title"] += figure_titles
    if not len(main):
        c["texts_no_heading"] += 1
    # appendix
    appendix = next((m for m in APPENDIX_LINE.finditer(text) if m.start() > len(text) * 0.5), None)
    ind = f["fact_indicator"]
    in_app = ind["in_appendix"].to_list() if "in_appendix" in ind.columns else [False] * len(ind)
    if appendix:
        c["texts_with_appendix"] += 1
        a = appendix.start()
        leak_s = sum(1 for s in main["char_start"].to_list() if s >= a)
        leak_f = sum(1 for s, flag in zip(ind["char_start"].to_list(), in_app) if s >= a and not flag)
        c["appendix_sections_leaked"] += leak_s
        c["appendix_figures_leaked"] += leak_f
        c["texts_leaking_appendix"] += bool(leak_s or leak_f)
        terms = f["fact_term"]
        if "in_appendix" in terms.columns:
            terms = terms.filter(~terms["in_appendix"])
        c["term_occurrences_after_appendix"] += int(terms.filter(terms["char_start"] >= a)["occurrences"].sum() or 0)
    c["term_occurrences"] += int(f["fact_term"]["occurrences"].sum() or 0)
    # figures that are not figures
    raws = ind["raw_text"].to_list()
    units = ind["unit"].to_list()
    spans = list(zip(ind["char_start"].to_list(), ind["char_end"].to_list()))
    c["figures"] += len(ind)
    for raw, unit, (s, e) in zip(raws, units, spans):
        after = text[e:e + 6]
        before = text[max(0, s - 4):s]
        if unit == "期" or raw.endswith("期"):
            c["fp_phase"] += 1
        if unit == "次" and ("届" in before or after.startswith(("全会", "会议", "全体", "代表大会", "常委会"))):
            c["fp_meeting_number"] += 1
        if raw.startswith("零") and after[:1] == "件":
            c["fp_lingbujian"] += 1
        if re.match(r"(?:个)?(?:方面|基本原则|种资源|类[\u4e00-\u9fff])", after) or \
                (unit in ("类",) and re.match(r"[\u4e00-\u9fff]", after)):
            c["fp_enumeration_or_category"] += 1
        if after.startswith("级") or raw.endswith("级"):
            c["fp_tier"] += 1
        if unit and "伏" in unit:
            c["fp_voltage"] += 1
    for v, raw in zip(ind["normalized_value"].to_list(), raws):
        if "亿" in raw and "万" in raw and raw.index("亿") < raw.index("万") and v and v > 1e12:
            c["wrong_value_yi_wan"] += 1
    # misses
    for name, rx in MISSES.items():
        for m in rx.finditer(text):
            if name == "teu":
                hit = any(u == "标箱" for (s, e), u in zip(spans, units) if s < m.end() and e > m.start())
            else:
                hit = covered(spans, m.start(), m.end(), whole=(name == "range"))
            c[f"construction_{name}"] += 1
            c[f"missed_{name}"] += not hit
    # terms
    terms = f["fact_term"]
    tl, occ = terms["term"].to_list(), terms["occurrences"].to_list()
    c["term_occ_digit"] += sum(o for t, o in zip(tl, occ) if any(ch.isdigit() for ch in t))
    c["term_occ_single_char"] += sum(o for t, o in zip(tl, occ) if len(t) == 1)
    top = Counter()
    for t, o in zip(tl, occ):
        top[t] += o
    top5 = [t for t, _ in top.most_common(5)]
    c["texts_generic_in_top5"] += any(t in GENERIC for t in top5)
    for phrase in POLITICAL:
        n = text.count(phrase)
        if n:
            c["political_phrase_occurrences"] += n
            c["political_phrase_as_term"] += min(n, top.get(phrase, 0))
    # slogans and citations
    slo = f["fact_slogan"]["slogan"].to_list()
    c["slogans"] += len(slo)
    c["slogan_single_char"] += sum(1 for s in slo if len(s) == 1)
    c["slogan_digits_only"] += sum(1 for s in slo if s.strip().isdigit())
    kinds = f["fact_slogan"]["slogan_kind"].to_list() if "slogan_kind" in f["fact_slogan"].columns else None
    if kinds:
        c["slogans_kept_as_slogan"] += sum(1 for k in kinds if k == "slogan")
    cit = f["fact_citation"]["cited_title"].to_list()
    c["citations"] += len(cit)
    c["citation_self_report"] += sum(1 for t in cit if t.endswith("工作报告") and len(t) <= 8)
    return c


def count_all(paths: list[Path], jobs: int = 2) -> Counter:
    total = Counter()
    with ProcessPoolExecutor(jobs) as pool:
        for c in pool.map(count_one, [str(p) for p in paths], chunksize=4):
            total.update(c)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    total = count_all(files(args.folder), args.jobs)
    for key in sorted(total):
        print(f"{key:<48}{total[key]:>10}")


if __name__ == "__main__":
    main()
