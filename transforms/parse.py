"""One report, read: Polars frames shaped like the warehouse tables.

``parse_report`` is the whole pure path for one file: decode → normalise →
outline, sentences, indicators, slogans, citations, terms, keywords →
frames keyed by ``document_id`` with offsets into the normalised text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from itertools import islice

import polars as pl

from baogao.transforms import clutter, indicators, metadata, outline, quotes, search_index, tokens
from baogao.transforms.decode import ReportReadError, decode
from baogao.transforms.frames import SCHEMAS, TABLES
from baogao.transforms.text import NormalisedText, normalise

MIN_CJK_CHARS = 50
CJK_RE = re.compile("[\u4e00-\u9fff]")
SENTENCE_RE = re.compile(r"[^。！？\n]+[。！？]*")

# the tables one report's frames fill; ``tables`` builds the others once per batch: dim_term, shared by
# all reports, and the search index, made from the batch's sentences in one pass
REPORT_TABLES = tuple(t for t in TABLES if t not in ("dim_term", "fact_sentence_gram"))


@dataclass
class ParsedReport:
    document_id: str
    frames: dict[str, pl.DataFrame]

    @property
    def document(self) -> dict:
        return self.frames["dim_document"].row(0, named=True)


def document_id_of(sha256: str) -> str:
    """A document's id: the first 16 hex digits of the sha256 of its bytes."""
    return sha256[:16]


def parse_report(data: bytes, file_name: str, terms: bool = True,
                 known: tokens.KnownPhrases | None = None) -> ParsedReport:
    """Read one report file's bytes into warehouse-shaped frames.

    Args:
        data: the file's bytes.
        file_name: the file's name (recorded; read for metadata only where the text is silent).
        terms: segment with jieba for terms and keywords (False leaves those frames empty).
        known: phrases the warehouse's reports quote, each kept one term here too (none: the
            report's own quoted phrases only).

    Returns:
        The parsed report.

    Raises:
        ReportReadError: when the bytes are not a readable report.
    """
    sha = hashlib.sha256(data).hexdigest()
    decoded = decode(data, file_name)
    nt = normalise(decoded.text)
    if sum(1 for _ in islice(CJK_RE.finditer(nt.text), MIN_CJK_CHARS)) < MIN_CJK_CHARS:  # counts to 50, no further
        raise ReportReadError(f"fewer than {MIN_CJK_CHARS} Chinese characters: this is not a report text")
    doc_id = document_id_of(sha)
    meta = metadata.extract(nt.text, file_name)
    ignore = clutter.mask(nt.text)
    paragraphs, prose_chars = clutter.prose(nt.text, ignore)
    if prose_chars < clutter.MIN_PROSE_CHARS:
        raise ReportReadError(
            f"no report text: {paragraphs} paragraphs of prose after page chrome ({prose_chars} Chinese characters "
            f"in sentences, a report has at least {clutter.MIN_PROSE_CHARS}); if this is a saved web page, save the "
            f"article itself")
    # a file holding the report twice: the second copy stays in the text (offsets stay true) and out of every fact
    repeat = clutter.repeat_start(nt.text)
    if repeat is not None:
        ignore[repeat:] = b"\x01" * (len(nt.text) - repeat)
    body_end = len(nt.text) if repeat is None else repeat
    # appendices (附件, 名词解释) stay in the document, flagged, and out of the main outline, terms and keywords
    appendix = min(clutter.appendix_start(nt.text), body_end)
    sections = outline.parse(nt.text, ignore, appendix)
    owner = _owners(len(nt.text), [(s.char_start, s.char_end, s.level, s.ordinal) for s in sections])
    sec_id = {s.ordinal: f"{doc_id}-s{s.ordinal:04d}" for s in sections}

    section_paths = outline.paths(sections)
    frames = {"dim_section": _sections_frame(doc_id, nt, sections, sec_id, section_paths)}
    sentences = [(s, e) for s, e in _sentences(nt.text) if not ignore[s]]
    sentence_owner = _owners(len(nt.text), [(s, e, 0, i) for i, (s, e) in enumerate(sentences, 1)])
    starts = [s for s, _ in sentences]
    frames["fact_sentence"] = _columns_frame("fact_sentence", len(sentences), {
        "sentence_id": [f"{doc_id}-t{i:05d}" for i in range(1, len(sentences) + 1)], "document_id": doc_id,
        "section_id": [sec_id.get(owner[s]) for s in starts], "ordinal": list(range(1, len(sentences) + 1)),
        "text": [nt.text[s:e] for s, e in sentences], "char_start": starts, "char_end": [e for _, e in sentences],
        "in_appendix": [s >= appendix for s in starts],
    })
    # the figure's section path and sentence travel with it: the analysts' view then needs no join for them
    paths = {sec_id[ordinal]: path for ordinal, path in section_paths.items()}
    slogan_spans = [q for q in quotes.slogans(nt.text) if q.start < body_end]
    citation_spans = [q for q in quotes.citations(nt.text) if q.start < body_end]
    frames["fact_indicator"] = _indicators_frame(doc_id, nt, owner, sec_id, sentence_owner, ignore, paths, sentences,
                                                 slogan_spans + citation_spans, appendix)
    frames["fact_slogan"] = _frame("fact_slogan", [
        {"document_id": doc_id, "section_id": sec_id.get(owner[q.start]), "slogan": q.text,
         "char_start": q.start, "char_end": q.end, "slogan_kind": quotes.slogan_kind(nt.text, q, appendix),
         "in_appendix": q.start >= appendix} for q in slogan_spans
    ])
    frames["fact_citation"] = _frame("fact_citation", [
        {"document_id": doc_id, "section_id": sec_id.get(owner[q.start]), "cited_title": q.text,
         "char_start": q.start, "char_end": q.end, "citation_kind": quotes.citation_kind(q.text),
         "in_appendix": q.start >= appendix} for q in citation_spans
    ])
    if terms:
        frames["fact_term"] = _terms_frame(doc_id, nt.text[:appendix], owner, sec_id,
                                           [q for q in slogan_spans if q.start < appendix], known)
    else:
        frames["fact_term"] = _frame("fact_term", [])
    frames["dim_document"] = pl.DataFrame([{
        "document_id": doc_id, "sha256": sha, "file_name": file_name,
        "source_format": decoded.source_format, "encoding": decoded.encoding, "byte_count": len(data),
        "title": meta.title, "issuer": meta.issuer, "admin_level": meta.admin_level,
        "org_type": meta.org_type, "report_year": meta.report_year, "report_type": meta.report_type,
        "place": meta.place, "delivered_year": meta.delivered_year,
        "metadata_source": json.dumps(meta.source, ensure_ascii=False, sort_keys=True),
        "is_anonymised": meta.is_anonymised, "has_paid_segment": nt.has_paid_segment,
        "paid_char_start": nt.paid_char_start, "repeat_char_start": repeat, "char_count": len(nt.text),
        "term_count": frames["fact_term"]["occurrences"].sum(), "text": nt.text,
    }], schema=SCHEMAS["dim_document"])
    return ParsedReport(doc_id, frames)


def tables(reports: list[ParsedReport], search: bool = True) -> dict[str, pl.DataFrame]:
    """The frames of many reports as one frame per warehouse table, dim_term and the search index included.

    dim_term holds each term once with jieba's bundled IDF; built once for the whole batch, its
    lookups cost what the batch's distinct terms cost, not what every report's do. ``search=False``
    leaves the search index (``search_index.postings`` of fact_sentence) to the caller.
    """
    frames = {t: pl.concat([r.frames[t] for r in reports], how="vertical") if reports else
              pl.DataFrame(schema=SCHEMAS[t]) for t in REPORT_TABLES}
    frames["dim_term"] = dim_term(frames["fact_term"])
    if search:
        frames["fact_sentence_gram"] = search_index.postings(frames["fact_sentence"])
    return frames


def _columns_frame(table: str, height: int, columns: dict) -> pl.DataFrame:
    """A table's frame from its columns: a list each, or one value for every row."""
    schema = SCHEMAS[table]
    return pl.DataFrame({column: columns[column] if isinstance(columns[column], list) else [columns[column]] * height
                         for column in schema}, schema=schema)


def _frame(table: str, rows: list[dict]) -> pl.DataFrame:
    # column by column: Polars builds a frame from lists at once, from dicts row by row
    return _columns_frame(table, len(rows), {column: [row.get(column) for row in rows] for column in SCHEMAS[table]})


def _owners(length: int, spans: list[tuple[int, int, int, int]]) -> list[int]:
    """For every character, the id of the deepest span holding it (0 for none)."""
    owner = [0] * (length + 1)
    for start, end, _, ident in sorted(spans, key=lambda s: s[2]):
        owner[start:end] = [ident] * (end - start)
    return owner


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in SENTENCE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _sections_frame(doc_id: str, nt: NormalisedText, sections, sec_id, paths) -> pl.DataFrame:
    rows = []
    for s in sections:
        src_start, src_end = nt.to_source(s.char_start, s.char_end)
        rows.append({
            "section_id": sec_id[s.ordinal], "document_id": doc_id,
            "parent_section_id": sec_id.get(s.parent) if s.parent else None,
            "level": s.level, "label": s.label, "title": s.title, "path": paths[s.ordinal],
            "ordinal": s.ordinal, "is_lead_sentence": s.is_point,
            "char_start": s.char_start, "char_end": s.char_end,
            "source_char_start": src_start, "source_char_end": src_end, "is_appendix": s.is_appendix,
        })
    return _frame("dim_section", rows)


def _indicators_frame(doc_id, nt, owner, sec_id, sentence_owner, ignore, paths, sentences, quoted,
                      appendix) -> pl.DataFrame:
    found = indicators.extract(nt.text, ignore, quoted)
    starts = [ind.char_start for ind in found]
    section_ids = [sec_id.get(owner[s]) for s in starts]
    sentence_of = [sentence_owner[s] for s in starts]
    source = [nt.to_source(ind.char_start, ind.char_end) for ind in found]
    columns = {
        "indicator_id": [f"{doc_id}-i{i:05d}" for i in range(1, len(found) + 1)], "document_id": doc_id,
        "section_id": section_ids,
        "sentence_id": [f"{doc_id}-t{sentence:05d}" if sentence else None for sentence in sentence_of],
        "ordinal": list(range(1, len(found) + 1)),
        "section_path": [paths.get(section_id) for section_id in section_ids],
        "sentence": [nt.text[slice(*sentences[sentence - 1])] if sentence else None for sentence in sentence_of],
        "char_start": starts, "source_char_start": [s for s, _ in source], "source_char_end": [e for _, e in source],
        "in_appendix": [s >= appendix for s in starts],
    }
    for name in ("raw_text", "value", "scale", "normalized_value", "unit", "qualifier", "kind", "context", "measure",
                 "char_end", "value_high", "normalized_high"):
        columns[name] = [getattr(ind, name) for ind in found]
    return _columns_frame("fact_indicator", len(found), columns)


def _terms_frame(doc_id: str, text: str, owner, sec_id, slogan_spans,
                 known: tokens.KnownPhrases | None = None) -> pl.DataFrame:
    quoted = [(q.start + 1, q.end - 1) for q in slogan_spans]
    # a Chinese slogan stays one token where the report repeats it unquoted, too; a quoted “10” or “建设”
    # says nothing about every other 10 or 建设 of the report
    repeated = [q.text for q in slogan_spans if tokens.names_a_slogan(q.text)]
    own = set(quoted) | set(tokens.phrase_spans(text, repeated))
    # then the corpus's phrases, where the report's own leave room
    phrases = sorted(own | set(known.spans(text, own) if known else ()))
    words, tags, starts, ends = tokens.term_columns(text, phrases)
    # one row per section, term and part of speech, in order of first occurrence, with that occurrence
    hits = pl.DataFrame({"section": [owner[s] for s in starts], "term": words, "pos": tags,
                         "char_start": starts, "char_end": ends},
                        schema={"section": pl.Int64, "term": pl.String, "pos": pl.String, "char_start": pl.Int64,
                                "char_end": pl.Int64})
    return (hits.group_by("section", "term", "pos", maintain_order=True)
            .agg(occurrences=pl.len(), char_start=pl.col("char_start").first(), char_end=pl.col("char_end").first())
            .select(document_id=pl.lit(doc_id),
                    section_id=pl.col("section").replace_strict(sec_id, default=None, return_dtype=pl.String),
                    term="term", pos="pos", occurrences="occurrences", char_start="char_start", char_end="char_end")
            .cast(SCHEMAS["fact_term"]))


def dim_term(terms: pl.DataFrame) -> pl.DataFrame:
    """The distinct terms of a fact_term frame with jieba's bundled IDF, the keyword fallback for a corpus of one."""
    unique = terms["term"].unique(maintain_order=True).to_list()
    if not unique:  # a parse without terms needs no IDF table (nor jieba)
        return pl.DataFrame(schema=SCHEMAS["dim_term"])
    idf, median = tokens.bundled_idf()
    return pl.DataFrame({"term": unique, "bundled_idf": [idf.get(t, median) for t in unique]},
                        schema=SCHEMAS["dim_term"])
