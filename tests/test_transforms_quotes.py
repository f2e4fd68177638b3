"""Kinds of quoted phrases and cited titles, and terms that quoting must not create."""

import pytest

from baogao.transforms import quotes
from baogao.transforms.parse import parse_report


@pytest.mark.parametrize("text,kind", [
    ("落实“放管服”改革。", "slogan"), ("大力弘扬“干”字当头。", "single_char"), ("构建“1+9+6”体系。", "number"),
    ("牢记“绿水青山就是金山银山，冰天雪地也是金山银山”。", "quotation"),
])
def test_slogan_kind(text, kind):
    [span] = quotes.slogans(text)
    assert quotes.slogan_kind(text, span) == kind


def test_a_quoted_phrase_in_an_appendix_is_a_glossary_key():
    text = "正文。\n名词解释\n“放管服”：简政放权。"
    [span] = quotes.slogans(text)
    assert quotes.slogan_kind(text, span, appendix_start=text.index("名词解释")) == "glossary_key"


@pytest.mark.parametrize("title,kind", [
    ("政府工作报告", "self"), ("2026年政府工作报告", "self"), ("新闻联播", "media"), ("自然", "media"),
    ("中华人民共和国安全生产法", "document"), ("关于加强基层治理的意见", "document"),
])
def test_citation_kind(title, kind):
    assert quotes.citation_kind(title) == kind


def test_a_quoted_number_or_word_does_not_turn_every_occurrence_into_a_term(jieba_ready):
    text = ("一、工作回顾\n一年来，全市上下团结奋斗，经济社会发展取得新成效，群众获得感持续增强。"
            "实施“10”项攻坚行动，新增企业610家，增长10.95%。\n"
            "二、推进“建设”\n推进城市建设和乡村建设，完成“一网通办”改革，一网通办事项达到300项。\n")
    report = parse_report(text.encode(), "quoted.txt")
    terms = report.frames["fact_term"]
    assert terms.filter(terms["term"].str.contains(r"\d")).height == 0
    assert "建设" not in terms["term"].to_list()
    assert terms.filter(terms["term"] == "一网通办")["occurrences"].sum() == 2
