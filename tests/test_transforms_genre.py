"""Whole reports in the genre's shapes: a government web page, a title-less CRLF+BOM report, a glossary."""

import pytest

from baogao.transforms.clutter import appendix_start, chrome_lines
from baogao.transforms.parse import parse_report
from tests.conftest import ROOT

REPORTS = ROOT / "tests" / "fixtures" / "reports"


def read(name):
    return parse_report((REPORTS / name).read_bytes(), "report(3).txt")


def figures(report):
    return [(r["raw_text"], r["normalized_value"], r["unit"], r["qualifier"], r["kind"])
            for r in report.frames["fact_indicator"].iter_rows(named=True)]


def outline(report):
    return [(r["level"], r["label"], r["title"]) for r in report.frames["dim_section"].iter_rows(named=True)]


def test_government_work_report_saved_from_a_web_page(jieba_ready):
    report = read("web_page_gov_report.txt")
    doc = report.document
    assert (doc["title"], doc["issuer"], doc["admin_level"], doc["org_type"], doc["report_year"], doc["report_type"]) == (
        "2024年南岭市政府工作报告", "南岭市人民政府", "市", "政府", 2023, "政府工作报告")
    assert (doc["place"], doc["delivered_year"]) == ("南岭市", 2024)
    assert outline(report) == [(1, "一", "2023年工作回顾"), (2, "（一）", "产业发展提速增效"), (1, "二", "2024年主要目标任务")]
    got = figures(report)
    # targets are figures too, with their qualifiers
    assert ("5.5%左右", 5.5, "%", "左右", "growth_rate") in got
    assert ("5万人以上", 50000, "人", "以上", "count") in got
    assert ("3%左右", 3, "%", "左右", "growth_rate") in got
    assert ("5.5%", 5.5, "%", None, "percent") in got  # 控制在5.5%以内: 以内 is no qualifier
    assert ("2856.4亿元", 285_640_000_000, "元", None, "money") in got
    # the page chrome (timestamps, view counter, share/print buttons) yields nothing
    assert len(got) == 14
    assert all(r["sentence_id"] for r in report.frames["fact_indicator"].iter_rows(named=True))
    sentences = report.frames["fact_sentence"]["text"].to_list()
    assert not any("浏览次数" in s or "扫一扫" in s or "字体" in s for s in sentences)


def test_report_without_a_title_in_crlf_with_bom_and_chinese_numerals(jieba_ready):
    report = read("untitled_crlf_bom.txt")
    doc = report.document
    assert doc["encoding"] == "utf-8-sig"
    assert (doc["title"], doc["issuer"], doc["admin_level"], doc["org_type"], doc["report_year"], doc["report_type"]) == (
        None, "XX县纪委监委", "县", "纪委", 2023, "纪委工作报告")
    assert doc["is_anonymised"] is True
    assert outline(report) == [(1, "一", "强化政治监督"), (2, "（一）", "聚焦重大决策部署"),
                               (3, "", "开展专项监督检查"), (1, "二", "深化正风肃纪")]
    assert figures(report) == [
        ("十二次", 12, "次", None, "count"), ("八十三个", 83, "个", None, "count"),
        ("七十九个", 79, "个", None, "count"), ("三十一起", 31, "起", None, "count"),
        ("四十二人", 42, "人", None, "count"), ("二十六人", 26, "人", None, "count"),
    ]
    # offsets into the file as decoded keep the CRs
    source = (REPORTS / "untitled_crlf_bom.txt").read_bytes().decode("utf-8-sig")
    row = report.frames["fact_indicator"].row(0, named=True)
    assert source[row["source_char_start"]:row["source_char_end"]] == "十二次"


def test_numbered_styles_nest_by_depth_and_the_glossary_stays_out(jieba_ready):
    report = read("glossary_and_numbered_styles.txt")
    assert outline(report) == [
        (1, "第一部分", "主要成效"), (2, "一", "组织建设"), (3, "1、", "支部建设"), (3, "2.", "阵地建设"),
        (4, "①", "完成“一村一品”提升工程"), (2, "二", "作风建设"), (3, "（1）", "开展“三项整治”"),
        (1, "第二部分", "下步打算"), (2, "一", "继续抓好支部标准化建设"), (1, "", "名词解释"),
    ]
    # the glossary is an appendix: a flagged section whose numbered entries are not headings
    assert report.frames["dim_section"]["is_appendix"].to_list() == [False] * 9 + [True]
    got = figures(report)
    assert ("约120万元", 1_200_000, "元", "约", "money") in got
    assert ("超300万元", 3_000_000, "元", "超", "money") in got
    # 12个村 is a glossary figure: kept, flagged; 3个方面问题 is a glossary's enumeration, no figure
    flagged = report.frames["fact_indicator"].select("raw_text", "in_appendix").rows()
    assert [f for f in flagged if f[0] in ("12个", "3个")] == [("3个", False), ("12个", True)]
    terms = report.frames["fact_term"]
    assert terms.filter(terms["char_start"] >= report.document["text"].index("名词解释")).height == 0
    assert report.document["report_type"] == "党建工作总结"


@pytest.mark.parametrize("line", [
    "首页 > 政务公开 > 工作报告", "发布时间：2024-01-18 09:30  来源：市政府办公室", "【字体：大 中 小】 【打印】 【关闭】",
    "分享到：", "扫一扫在手机打开当前页", "浏览次数：12873", "2024-01-18 09:30",
])
def test_web_chrome_lines(line):
    assert chrome_lines(line) == [(0, len(line))]


@pytest.mark.parametrize("line", ["一、2023年工作回顾", "全年接待游客815万人次。", "来源于群众的意见建议80余条。"])
def test_report_lines_are_not_chrome(line):
    assert chrome_lines(line) == []


def test_appendix_needs_its_own_heading_line_late_in_the_text():
    text = "正文。\n" * 10 + "名词解释\n1.“放管服”：……\n"
    assert appendix_start(text) == len("正文。\n") * 10
    assert appendix_start("名词解释\n" + "正文。\n" * 10) == len("名词解释\n" + "正文。\n" * 10)
