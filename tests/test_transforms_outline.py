from baogao.transforms.outline import parse
from baogao.transforms.text import normalise


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


def headings(text):
    return [(s.level, s.label, s.title, s.is_appendix) for s in parse(normalise(text).text) if not s.is_point]


PROSE = "全区上下团结一心，各项事业取得新进展，人民群众获得感不断增强。\n"


def test_unnumbered_part_headings_are_level_one_above_the_numbered_sections():
    text = ("各位代表：\n" + PROSE + "2025年工作回顾\n" + PROSE + "一、经济运行稳中有进\n" + PROSE
            + "二、民生保障持续加强\n" + PROSE + "2026年工作安排\n" + PROSE + "一、扩大有效投资\n" + PROSE)
    assert headings(text) == [
        (1, "", "2025年工作回顾", False), (2, "一", "经济运行稳中有进", False),
        (2, "二", "民生保障持续加强", False), (1, "", "2026年工作安排", False), (2, "一", "扩大有效投资", False)]


def test_markdown_marks_around_a_heading_are_read_through():
    text = PROSE + "**一、“十五五”时期的主要目标任务**\n" + PROSE + "## 二、今年重点工作\n" + PROSE
    assert headings(text) == [(1, "一", "“十五五”时期的主要目标任务", False), (1, "二", "今年重点工作", False)]


def test_a_numbered_line_giving_figures_is_a_list_item_not_a_heading():
    text = ("一、主要预期目标\n" + PROSE + "1.地区生产总值增长5.5%左右\n2.一般公共预算收入增长4%\n"
            + "二、重点任务\n" + PROSE + "1.加快建设现代化产业体系\n" + PROSE)
    assert headings(text) == [(1, "一", "主要预期目标", False), (1, "二", "重点任务", False),
                              (2, "1.", "加快建设现代化产业体系", False)]


def test_a_dash_line_opening_numbered_headings_is_a_level_but_a_dash_list_item_is_not():
    text = ("今后五年工作安排\n" + PROSE + "——聚焦产业、城市、民生“三个提升”，筑牢发展根基\n\n（一）推动产业提升\n" + PROSE
            + "——经济保持平稳增长。地区生产总值年均增长6%。\n（二）推动城市提升\n" + PROSE)
    assert headings(text) == [
        (1, "", "今后五年工作安排", False), (2, "——", "聚焦产业、城市、民生“三个提升”，筑牢发展根基", False),
        (3, "（一）", "推动产业提升", False), (3, "（二）", "推动城市提升", False)]


def test_ordinal_paragraphs_are_headings_of_the_section_they_open():
    text = "一、深化改革\n" + PROSE + "第一，加快转变政府职能。" + PROSE + "第二，完善市场体系。" + PROSE
    assert headings(text) == [(1, "一", "深化改革", False), (2, "第一，", "加快转变政府职能", False),
                              (2, "第二，", "完善市场体系", False)]


def test_appendices_are_flagged_sections_and_their_entries_are_no_headings():
    text = ("一、工作回顾\n" + PROSE * 6 + "二、工作安排\n" + PROSE * 6 + "附件\n" + "2026年十件民生实事\n"
            + "1.新建幼儿园12所。\n" + "政府工作报告名词、术语注释\n" + "1.“放管服”：简政放权、放管结合、优化服务。\n")
    assert headings(text) == [(1, "一", "工作回顾", False), (1, "二", "工作安排", False),
                              (1, "", "附件", True), (2, "", "2026年十件民生实事", True),
                              (2, "", "政府工作报告名词、术语注释", True)]
