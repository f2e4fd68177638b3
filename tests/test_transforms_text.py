from baogao.transforms.text import normalise


def test_paywall_markers_are_removed_without_breaking_the_sentence():
    src = "开展专项清理整治##paidbegin##工作，实现全覆盖。\n##paidend##"
    nt = normalise(src)
    assert nt.text == "开展专项清理整治工作，实现全覆盖。\n"
    assert nt.has_paid_segment is True
    assert nt.paid_char_start == len("开展专项清理整治")
    # the character after the marker maps back past the 13 marker characters
    assert nt.to_source(8, 10) == (8 + 13, 10 + 13)


def test_fullwidth_digits_and_percent_become_ascii_one_for_one():
    nt = normalise("同比增长１９４．６％，“１＋９＋６”")
    assert nt.text == "同比增长194.6%，“1+9+6”"
    assert len(nt.source_offsets) == len(nt.text)


def test_crlf_and_bom_are_dropped_and_offsets_follow():
    nt = normalise("\ufeff一、标题\r\n正文\r\n")
    assert nt.text == "一、标题\n正文\n"
    # 正 is at 5 in the text; in the BOM-less source it is after "一、标题\r\n" = 6
    assert nt.to_source(5, 7) == (6, 8)


def test_chinese_punctuation_and_brackets_are_kept():
    assert normalise("（一）《条例》“两个维护”").text == "（一）《条例》“两个维护”"
