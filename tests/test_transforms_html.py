"""The article of a saved web page: found by trafilatura, by the page's class names where it finds none."""

from baogao.transforms.html import article_by_class_names, text_of

PARAGRAPHS = [
    "过去一年，青禾县政府在县委坚强领导下，紧扣高质量发展主题，全力稳增长、促改革、惠民生，较好完成了县十八届人大三次会议确定的目标任务。",
    "一、2025年工作回顾",
    "经济运行稳中有进。全县地区生产总值完成286.4亿元，增长5.6%；一般公共预算收入18.2亿元，增长4.1%；新增市场主体3120户。",
    "民生保障持续加强。新建改建农村公路146公里，新增城镇就业岗位5400个，城乡居民医保参保率稳定在98%以上。",
    "二、2026年主要任务",
    "坚持项目为王，全年计划实施重点项目120个，完成投资150亿元以上；深化营商环境改革，推动政务服务事项全程网办。",
]

# menus in plain divs, as many county sites lay them out: no <nav>, no class that names them
MENU = "".join(f"<div class='item'><a href='/c{i}'>{name}</a></div>" for i, name in enumerate(
    ["首页", "政务公开", "政策文件", "人事信息", "财政资金", "重点领域", "建议提案", "互动交流", "办事服务", "走进青禾"] * 3))


def page(article: str, title: str = "青禾县2026年政府工作报告_青禾县人民政府") -> str:
    return (f"<html><head><title>{title}</title></head><body><div class='top'>{MENU}</div>"
            "<div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>"
            f"<div class='wrap'><h1>青禾县2026年政府工作报告</h1>{article}</div>"
            f"<div class='bottom'>{MENU}<p>主办单位：青禾县人民政府办公室 网站标识码：5200000001 备案号：黔ICP备00000001号</p></div>"
            "</body></html>")


def test_an_article_in_an_unmarked_block_is_found_without_the_menus_around_it():
    markup = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    text = text_of(markup)
    lines = text.splitlines()
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    assert lines.index("一、2025年工作回顾") < lines.index("二、2026年主要任务")  # headings stay lines, in order
    for chrome in ("政务公开", "走进青禾", "网站标识码", "当前位置"):
        assert chrome not in text, chrome
    # by class names alone the page gives its whole body, menus and footer with the article
    by_class_names = article_by_class_names(markup)
    assert "走进青禾" in by_class_names and "网站标识码" in by_class_names


def test_a_table_of_the_article_is_kept_a_row_a_line_its_cells_apart_by_tabs():
    table = ("<table><tr><th>指标</th><th>2025年</th></tr><tr><td>地区生产总值（亿元）</td><td>286.4</td></tr>"
             "<tr><td>城镇新增就业（人）</td><td>5400</td></tr></table>")
    lines = text_of(page("".join(f"<p>{p}</p>" for p in PARAGRAPHS) + table)).splitlines()
    assert lines[-3:] == ["指标\t2025年", "地区生产总值（亿元）\t286.4", "城镇新增就业（人）\t5400"]


def test_a_page_of_one_line_keeps_it_and_the_report_title_of_the_page():
    markup = ("<html><head><title>白沙镇2025年工作总结_白沙镇人民政府</title></head><body>"
              "<div class='content'>白沙镇今年完成道路硬化12公里。</div></body></html>")
    assert text_of(markup) == "白沙镇2025年工作总结\n白沙镇今年完成道路硬化12公里。"


def test_where_trafilatura_finds_no_article_the_class_names_give_it(monkeypatch):
    from baogao.transforms import html

    monkeypatch.setattr(html, "article_by_trafilatura", lambda markup: "")
    markup = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)).replace("class='wrap'", "class='TRS_Editor'")
    assert text_of(markup).splitlines() == ["青禾县2026年政府工作报告", *PARAGRAPHS]
