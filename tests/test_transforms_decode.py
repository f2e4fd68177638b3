import pytest

from transforms.decode import ReportReadError, decode

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
