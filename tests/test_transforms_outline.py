from transforms.outline import parse
from transforms.text import normalise


def outline(text):
    return [(s.level, s.label, s.title) for s in parse(normalise(text).text)]


def test_gold_sample_outline_levels_one_and_two(sample_text, gold_sections):
    sections = parse(normalise(sample_text).text)
    assert [{"level": s.level, "label": s.label, "title": s.title} for s in sections if s.level <= 2] == gold_sections


def test_gold_sample_lead_sentence_points(sample_text, gold_points):
    nt = normalise(sample_text)
    sections = parse(nt.text)
    by_ordinal = {s.ordinal: s for s in sections}
    points = [{"section": by_ordinal[s.parent].title, "title": s.title,
               "offset": nt.to_source(s.char_start, s.char_end)[0]} for s in sections if s.is_point]
    assert points == gold_points


def test_heading_styles_take_levels_in_the_order_used():
    text = "第一部分 总体情况\n一、主要工作\n（一）抓好党建\n1.加强学习。全年学习12次，覆盖全体党员干部。\n（1）专题学习\n二、存在问题\n"
    assert outline(text) == [
        (1, "第一部分", "总体情况"), (2, "一", "主要工作"), (3, "（一）", "抓好党建"),
        (4, "1.", "加强学习"), (5, "（1）", "专题学习"), (2, "二", "存在问题"),
    ]


def test_crlf_bom_and_fullwidth_indents():
    text = "\ufeff报告\r\n　　一、总体情况\r\n　　（一）基本做法\r\n　　正文内容。\r\n"
    assert outline(text) == [(1, "一", "总体情况"), (2, "（一）", "基本做法")]


def test_report_starting_at_paren_level_has_it_at_level_one():
    assert outline("（一）加强组织领导\n正文。\n（二）强化督查\n正文。") == [
        (1, "（一）", "加强组织领导"), (1, "（二）", "强化督查")]


def test_decimals_and_years_at_line_start_are_not_headings():
    assert outline("2023.11 通报\n1.5万人参加活动，覆盖全区。\n") == []


def test_lead_sentences_need_a_longer_explanation_and_no_comma():
    text = ("一、工作\n（一）监督\n强化政治监督。开展监督检查，发现并督促整改问题隐患242个。"
            "严格执行文件会议计划管理，保持科学压减态势。今年以来，会议数量只减未增。\n")
    points = [s.title for s in parse(text) if s.is_point]
    assert points == ["强化政治监督"]
