import pytest

from baogao.transforms.decode import ReportReadError, decode

REPORT = "XX区委2023年工作报告\n全年召开会议46次。"


def test_utf8_with_and_without_bom():
    assert decode(REPORT.encode("utf-8"), "a.txt").encoding == "utf-8"
    d = decode(b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "a.txt")
    assert (d.text, d.encoding) == (REPORT, "utf-8-sig")


def test_gb18030_is_detected_after_utf8_fails():
    d = decode(REPORT.encode("gb18030"), "old.txt")
    assert (d.text, d.encoding) == (REPORT, "gb18030")


def test_utf16_with_bom():
    d = decode(REPORT.encode("utf-16"), "w.txt")
    assert (d.text, d.encoding) == (REPORT, "utf-16")


def test_markdown_is_its_own_format():
    assert decode(REPORT.encode(), "r.md").source_format == "md"


@pytest.mark.parametrize("data,words", [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\x89PNG\r\n\x1a\n....", "OCR"),
    (b"%PDF-1.7 ...", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc/.wps"),
    (b"abc\x00\x01\x02", "NUL"),
])
def test_unreadable_files_say_what_to_do(data, words):
    with pytest.raises(ReportReadError) as err:
        decode(data, "x.txt")
    assert words in err.value.reason


def test_truncated_utf8_with_bom_is_refused():
    data = b"\xef\xbb\xbf" + REPORT.encode("utf-8")[:-1]
    with pytest.raises(ReportReadError, match="truncated"):
        decode(data, "cut.txt")


def test_a_text_file_opening_with_an_html_comment_stays_plain_text():
    data = "<!-- 市长作政府工作报告 -->\n政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n".encode()
    decoded = decode(data, "report.txt")
    assert decoded.source_format == "txt"
    assert decoded.text.split("\n")[1:3] == ["政府工作报告", "各位代表："]
    page = b"<!-- saved page -->\n<html><body><p>" + "各位代表：现在，我代表市人民政府向大会报告工作。".encode() + b"</p></body></html>"
    assert decode(page, "page.txt").source_format == "html"


SIMPLIFIED = "各位代表：现在，我代表区人民政府向大会报告工作，请予审议。全区新建学校十二所，城乡居民收入稳步提高。"
TRADITIONAL = "各位代表：現在，我代表區人民政府向大會報告工作，請予審議。全區新建學校十二所，城鄉居民收入穩步提高。"


@pytest.mark.parametrize("text,encoding", [
    (SIMPLIFIED, "gb18030"), (SIMPLIFIED, "gbk"), (TRADITIONAL, "gb18030"), (TRADITIONAL, "big5"),
])
def test_legacy_chinese_encodings_are_told_apart(text, encoding):
    d = decode(text.encode(encoding), "old.txt")
    # GBK is a subset of GB18030; a Big5 file read as GB18030 would pass for Chinese and be garbage
    assert (d.text, d.encoding) == (text, "big5" if encoding == "big5" else "gb18030")


def test_a_legacy_encoded_report_with_a_stray_bad_byte_reads_with_that_byte_replaced():
    body = (SIMPLIFIED * 60).encode("gb18030")  # about 6 KB
    damaged = body[:3000] + b"\xff" + body[3000:]  # a byte GB18030 never uses: a saved page's stray byte
    d = decode(damaged, "page.txt")
    assert d.encoding == "gb18030" and d.text.count("\ufffd") == 1
    assert d.text.replace("\ufffd", "", 1).startswith(SIMPLIFIED * 10)


def test_a_legacy_encoded_file_bad_throughout_is_refused_with_its_reason():
    body = SIMPLIFIED.encode("gb18030")
    damaged = b"".join(body[i:i + 20] + b"\xff" for i in range(0, len(body), 20)) * 20
    with pytest.raises(ReportReadError, match=r"neither UTF-8 \(bad byte at \d+\) nor GB18030 or Big5"):
        decode(damaged, "odd.txt")


def test_every_encoding_a_text_is_read_in_passes_the_documents_suite():
    from baogao.expectations import v_documents
    from baogao.transforms.decode import ENCODINGS

    (allowed,) = [e.configuration.kwargs["value_set"] for e in v_documents.build().expectations
                  if e.configuration.kwargs.get("column") == "encoding"]
    assert set(allowed) == set(ENCODINGS) >= {"utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp950", "big5hkscs"}
    for text, encoding in ((SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5")):
        assert decode(text.encode(encoding), "old.txt").encoding in allowed
