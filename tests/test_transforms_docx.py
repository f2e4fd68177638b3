"""Word's automatic numbering is read back into the text, so auto-numbered headings reach the outline."""

import io
import zipfile

from baogao.transforms.decode import decode
from baogao.transforms.outline import parse
from baogao.transforms.text import normalise

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(text: str, num_id: int | None = None, ilvl: int = 0) -> str:
    numbered = (f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
                if num_id is not None else "")
    return f"<w:p>{numbered}<w:r><w:t>{text}</w:t></w:r></w:p>"


def level(ilvl: int, fmt: str, text: str) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def docx(paragraphs: list[str]) -> bytes:
    numbering = (f"<w:numbering {W}><w:abstractNum w:abstractNumId=\"0\">"
                 + level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%2）")
                 + level(2, "decimal", "%3.") + "</w:abstractNum>"
                 + '<w:abstractNum w:abstractNumId="1">' + level(0, "bullet", "•") + "</w:abstractNum>"
                 + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    document = f"<w:document {W}><w:body>{''.join(paragraphs)}</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", document)
        z.writestr("word/numbering.xml", numbering)
    return buffer.getvalue()


PROSE = "全县上下凝心聚力，各项工作取得新成效，群众满意度持续提升，发展基础更加坚实。"


def test_auto_numbered_headings_get_their_labels_and_levels():
    data = docx([
        paragraph("某县人民政府工作报告"), paragraph(PROSE),
        paragraph("过去一年工作回顾", 1, 0), paragraph("产业发展", 1, 1), paragraph(PROSE),
        paragraph("新建标准厂房", 1, 2), paragraph(PROSE), paragraph("社会事业", 1, 1), paragraph(PROSE),
        paragraph("今年主要任务", 1, 0), paragraph("扩大有效投资", 1, 1), paragraph(PROSE),
        paragraph("一项不编号的要点", 2, 0),
    ])
    text = decode(data, "report.docx").text
    assert text.splitlines()[2:6] == ["一、过去一年工作回顾", "（一）产业发展", PROSE, "1.新建标准厂房"]
    assert "（二）社会事业" in text.splitlines() and "二、今年主要任务" in text.splitlines()
    # a new 一、 restarts the （一） beneath it; a bullet adds no label
    assert text.splitlines()[-3:] == ["（一）扩大有效投资", PROSE, "一项不编号的要点"]
    outline = [(s.level, s.label, s.title) for s in parse(normalise(text).text) if not s.is_point]
    assert outline == [(1, "一", "过去一年工作回顾"), (2, "（一）", "产业发展"), (3, "1.", "新建标准厂房"),
                       (2, "（二）", "社会事业"), (1, "二", "今年主要任务"), (2, "（一）", "扩大有效投资")]


def test_a_docx_without_numbering_reads_as_before():
    data = docx([paragraph("一、总体情况"), paragraph(PROSE)])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        dst.writestr("word/document.xml", src.read("word/document.xml"))
    assert decode(buffer.getvalue(), "plain.docx").text == "一、总体情况\n" + PROSE
