"""One ingest over an inbox of hostile and unusual files: each is loaded with the right text or
quarantined with its reason, and the rest of the run loads."""

import io
import json
import os
import time
import zipfile

import duckdb
import pytest

from baogao.transforms.text import normalise
from tests.conftest import DEMO

pytestmark = pytest.mark.slow

REPORT = DEMO.read_text(encoding="utf-8")
PAST = time.time() - 3600


def variant(tag: str) -> str:
    """The demo report under another district's name, so each file has its own bytes."""
    return REPORT.replace("云溪", tag)


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>" for p in paragraphs)
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in row)
                       + "</w:tr>" for row in table)
        body += f"<w:tbl>{rows}</w:tbl>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b"a" * (80 * 1024 * 1024))
    return buf.getvalue()


def pdf_bytes(lines: list[str], encrypt: str | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    y = 800
    for line in lines:
        c.setFont("STSong-Light", 10)
        c.drawString(40, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def html_page(text: str, encoding: str = "utf-8") -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    page = (f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>云河区2024年工作报告_云河区人民政府</title>'
            "<script>var nav = '首页 > 政务公开';</script><style>p{margin:0}</style></head><body>"
            "<div class='nav'><a href='/'>首页</a> &gt; <a>政务公开</a> &gt; <a>工作报告</a></div>"
            "<nav>网站地图 | 无障碍</nav>"
            f"<div class='TRS_Editor'>{body}</div>"
            "<div>【字体：大 中 小】 【打印】 【关闭】</div><footer>主办：云河区人民政府办公室 浏览次数：1024</footer>"
            "</body></html>")
    return page.encode(encoding)


@pytest.fixture(scope="module")
def hostile_run(prefect_server, tmp_path_factory):
    from baogao.flows.ingest import ingest
    from baogao.home import Home

    home = Home(tmp_path_factory.mktemp("hostile") / "home").ensure()
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text(variant("外部"), encoding="utf-8")
    inbox = home.inbox
    files: dict[str, bytes] = {
        "gb18030.txt": variant("甲").encode("gb18030"),
        "utf16.txt": variant("乙").encode("utf-16"),
        "bom.txt": b"\xef\xbb\xbf" + variant("丙").encode("utf-8"),
        "crlf.txt": variant("丁").replace("\n", "\r\n").encode("utf-8"),
        "notes.md": variant("戊").encode("utf-8"),
        "truncated.txt": _cut_mid_character(variant("己").encode("utf-8")),
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "zero.docx": b"",
        "report.docx": docx_bytes(variant("庚").splitlines(), [["指标", "数值"], ["新建党群服务中心", "12个"]]),
        "bomb.docx": zip_bomb(),
        "damaged.docx": b"PK\x03\x04" + os.urandom(200),
        "not-word.docx": _zip_without_document(),
        "photo.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(100),
        "scan.jpg": b"\xff\xd8\xff\xe0" + os.urandom(100),
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(100),
        "old.wps": "这是一份WPS文字文件。".encode() * 20,
        "report.pdf": pdf_bytes(variant("辛").splitlines()[:12]),
        "locked.pdf": pdf_bytes(variant("壬").splitlines()[:12], encrypt="secret"),
        "scanned.pdf": pdf_bytes([]),
        "page.html": html_page(variant("癸")),
        "page-gbk.htm": html_page(variant("子"), "gb18030"),
        "binary.dat": os.urandom(50) + b"\x00\x00" + os.urandom(50),
        "english.txt": b"Annual report of the district committee. Nothing in Chinese here. " * 20,
        "huge.txt": ("。" * 400_000).encode("utf-8"),
        "报告 (3).txt": variant("丑").encode("utf-8"),
        "quote'\";drop table dim_document;--.txt": variant("寅").encode("utf-8"),
        "line\nbreak.txt": variant("卯").encode("utf-8"),
        "up..\\..\\evil.txt": variant("辰").encode("utf-8"),
        "zz-copy-of-gb18030.txt": variant("甲").encode("gb18030"),
        "partial.txt.part": variant("巳").encode("utf-8"),
        "~$lock.docx": b"owner",
        ".hidden.txt": variant("午").encode("utf-8"),
    }
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    raw_name = os.fsencode(str(inbox)) + b"/\xb1\xa8\xb8\xe6-gbk-name.txt"  # a GBK-encoded file name
    with open(raw_name, "wb") as fh:
        fh.write(variant("未").encode("utf-8"))
    (inbox / "link.txt").symlink_to(outside)
    for entry in os.scandir(inbox):
        os.utime(entry.path, (PAST, PAST), follow_symlinks=False)
    (inbox / "still-copying.txt").write_bytes(variant("申").encode("utf-8"))  # written just now
    summary = ingest(home=str(home.root), settle_seconds=30, max_file_mb=1)
    con = duckdb.connect(str(home.published), read_only=True)
    yield home, summary, con, outside
    con.close()


def _cut_mid_character(data: bytes) -> bytes:
    """The first half of ``data``, ending inside a multi-byte character as an interrupted copy does."""
    cut = len(data) // 2
    while (data[cut - 1] & 0xC0) != 0xC0:  # stop right after a UTF-8 lead byte
        cut += 1
    return data[:cut]


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "not a word file")
    return buf.getvalue()


LOADED = {
    # name: (source_format, encoding, district written in the text)
    "gb18030.txt": ("txt", "gb18030", "甲"),
    "utf16.txt": ("txt", "utf-16", "乙"),
    "bom.txt": ("txt", "utf-8-sig", "丙"),
    "crlf.txt": ("txt", "utf-8", "丁"),
    "notes.md": ("md", "utf-8", "戊"),
    "report.docx": ("docx", None, "庚"),
    "report.pdf": ("pdf", None, "辛"),
    "page.html": ("html", "utf-8", "癸"),
    "page-gbk.htm": ("html", "gb18030", "子"),
    "报告 (3).txt": ("txt", "utf-8", "丑"),
    "quote'\";drop table dim_document;--.txt": ("txt", "utf-8", "寅"),
    "line\nbreak.txt": ("txt", "utf-8", "卯"),
    "up..\\..\\evil.txt": ("txt", "utf-8", "辰"),
    "\ufffd\ufffd\ufffd\ufffd-gbk-name.txt": ("txt", "utf-8", "未"),
}

QUARANTINED = {
    "truncated.txt": "the file was cut off",
    "empty.txt": "the file is empty",
    "blank.txt": "the file is empty",
    "zero.docx": "the file is empty",
    "bomb.docx": "refused as a zip bomb",
    "damaged.docx": "not a valid .docx (damaged zip)",
    "not-word.docx": "a zip without word/document.xml is not a .docx",
    "photo.txt": "an image (png) has no text: run OCR first",
    "scan.jpg": "an image (jpeg) has no text: run OCR first",
    "old.doc": "save it as .docx",
    "old.wps": "save it as .docx",
    "locked.pdf": "an encrypted PDF: remove its password",
    "scanned.pdf": "no text layer (a scan): run OCR first",
    "binary.dat": "binary content",
    "english.txt": "fewer than 50 Chinese characters",
    "huge.txt": "over the 1048576-byte limit",
    "link.txt": "a link, not a file",
}

LEFT_IN_INBOX = {"partial.txt.part", "~$lock.docx", ".hidden.txt", "still-copying.txt"}


def test_there_are_at_least_25_hostile_or_unusual_inputs():
    assert len(LOADED) + len(QUARANTINED) + len(LEFT_IN_INBOX) + 1 >= 25  # +1: the duplicate copy


@pytest.mark.parametrize("name", sorted(LOADED))
def test_loaded_with_the_right_text(hostile_run, name):
    _home, summary, con, _ = hostile_run
    fmt, encoding, tag = LOADED[name]
    row = con.execute("select d.source_format, d.encoding, t.text, d.issuer from v_documents d "
                      "join v_document_text t using (document_id) where d.file_name = ?", [name]).fetchone()
    assert row is not None, f"{name!r} not loaded: {summary['files_quarantined']}"
    assert row[:2] == (fmt, encoding)
    assert row[3] == f"{tag}区委"
    text = row[2]
    if fmt in ("txt", "md"):
        assert text == normalise(variant(tag)).text
    else:
        assert f"{tag}区委2024年落实全面从严治党主体责任情况报告" in text
        assert "全年开展专题学习32次" in text
    if fmt == "html":
        assert "首页" not in text and "var nav" not in text and "网站地图" not in text
        assert "浏览次数" not in text.split("下一步")[0]
    if fmt == "docx":
        assert "新建党群服务中心\t12个" in text


@pytest.mark.parametrize("name", sorted(QUARANTINED))
def test_quarantined_with_its_reason(hostile_run, name):
    home, summary, con, _ = hostile_run
    reasons = {q["file"]: q["reason"] for q in summary["files_quarantined"]}
    assert QUARANTINED[name] in reasons[name]
    sidecar = json.loads((home.quarantine / (name + ".reason.json")).read_text(encoding="utf-8"))
    assert QUARANTINED[name] in sidecar["reason"]
    assert con.execute("select count(*) from v_quarantine where file_name = ? and reason like ?",
                       [name, f"%{QUARANTINED[name]}%"]).fetchone()[0] == 1


def test_the_rest_of_the_run_loaded_and_every_file_is_in_one_place(hostile_run):
    home, summary, con, outside = hostile_run
    assert summary["exit_code"] == 3
    assert sorted(summary["files_loaded"]) == sorted(LOADED)
    assert summary["files_skipped"] == ["zz-copy-of-gb18030.txt"]
    assert con.execute("select count(*) from v_documents").fetchone()[0] == len(LOADED)
    assert {p.name for p in home.inbox.iterdir()} == LEFT_IN_INBOX
    assert list(home.processing.iterdir()) == []
    archived = {os.fsencode(p.name).decode("utf-8", "replace") for p in home.archive.iterdir()}
    assert archived == set(LOADED) | {"zz-copy-of-gb18030.txt"}
    # the link went to quarantine as a link; its target outside the home was never touched or read
    assert (home.quarantine / "link.txt").is_symlink()
    assert outside.read_text(encoding="utf-8") == variant("外部")
    assert con.execute("select count(*) from v_documents where issuer = '外部区委'").fetchone()[0] == 0
    assert not summary["data_quality"]["critical_failure"]
