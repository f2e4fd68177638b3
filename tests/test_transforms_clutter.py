"""Lines that are not report text: page chrome, pages without prose, a report given twice."""

from baogao.transforms import clutter

REPORT = (
    "柳江县2023年政府工作报告\n"
    "各位代表：现在，我代表县人民政府向大会报告工作，请予审议。\n"
    "一、2022年工作回顾\n"
    "全县地区生产总值完成186.2亿元，增长4.8%，城乡居民收入稳步增长，民生保障持续加强。\n"
    "二、2023年主要任务\n"
    "今年的主要预期目标是：地区生产总值增长6%左右，新增城镇就业4000人以上。\n"
)


def test_prose_counts_sentences_outside_chrome():
    page = "首页 > 政务公开 > 工作报告\n发布时间：2023-02-01  来源：县政府办\n" + REPORT
    paragraphs, chars = clutter.prose(page, clutter.mask(page))
    assert paragraphs == 3
    assert chars == 25 + 32 + 29  # the Chinese characters of the three sentence lines


def test_a_page_of_links_has_no_prose():
    links = ("首页 > 政务公开\n2023年政府工作报告\n2022年政府工作报告（图解）\n关于印发重点任务分工方案的通知\n"
             "网站地图 | 联系我们\n主办单位：柳江县人民政府办公室  网站标识码：4502210001\n")
    assert clutter.prose(links, clutter.mask(links)) == (0, 0)


def test_a_report_given_twice_is_found_where_its_second_copy_starts():
    doubled = REPORT + "\n【打印本页】\n\n" + REPORT
    assert clutter.repeat_start(doubled) == len(REPORT) + len("\n【打印本页】\n\n")


def test_a_report_quoting_its_own_opening_later_is_not_a_repeat():
    # the opening line comes back as a closing reminder, followed by new text: not a second copy
    text = REPORT + "各位代表：现在，我代表县人民政府向大会报告工作，请予审议。\n我们将以更大的决心和更实的举措，推动各项任务落地见效。\n"
    assert clutter.repeat_start(text) is None
    assert clutter.repeat_start(REPORT) is None
