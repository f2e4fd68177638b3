"""The search index of sentences: every character bigram and ASCII word, with where it stands.

Chinese has no spaces, so sentences are indexed the way Lucene's CJK analyzer does it: each run of
Chinese characters as its overlapping bigrams (优化营商 → 优化 化营 营商). The last character of a
run is also indexed alone, so that every Chinese character starts exactly one entry of the index and
a one-character query finds every sentence holding its character. Runs of ASCII letters and digits
(5G, 2024, PPP) are words of their own, lowercased.

A term is stored as a number, so that a copy sorted by it finds a term's rows by its row groups' ranges:

- Chinese: ``(first - 0x4DFF) * 20993 + (second - 0x4DFF)``, ``second`` taken as 0x4DFF when the
  character ends its run: always positive, and ``lead_char`` is the first character's code point.
- ASCII: ``-(d1·37^(n-1) + … + dn)`` over the word's first 12 characters, with 0-9 as 1-10 and a-z
  as 11-36: always negative, and ``lead_char`` is null.

``warehouse/macros/search.sql`` cuts a query into the same numbers in SQL; a test holds the two to
the same values.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from baogao.transforms.frames import SCHEMAS

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF
_BASE = CJK_FIRST - 1
_SPAN = CJK_LAST - _BASE + 1  # 20993: a second character's place, 0 for none
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
ASCII_WORD_CHARS = 12  # 37^12 < 2^63: a word's first 12 characters make its number exactly


def cjk_gram(first: str, second: str | None = None) -> int:
    """The number of a Chinese bigram, or of a character alone when ``second`` is None."""
    return (ord(first) - _BASE) * _SPAN + (ord(second) - _BASE if second else 0)


def ascii_gram(word: str) -> int:
    """The number of an ASCII word (lowercase letters and digits)."""
    value = 0
    for ch in word[:ASCII_WORD_CHARS]:
        value = value * 37 + _ALPHABET.index(ch) + 1
    return -value


def document_keys(document_ids: pl.Series) -> pl.Series:
    """The index's number of each report: its document_id's 16 hex digits read as a number."""
    return document_ids.str.to_integer(base=16, dtype=pl.UInt64)


def postings(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per indexed term occurrence of ``sentences`` (a fact_sentence frame).

    Columns: the sentence (document_key, ordinal), gram and lead_char (see the module), position
    (characters from the sentence's start), sentence_chars (its length, BM25's document length) and
    in_appendix. The rows come grouped by their first character, and are appended and copied so: a
    batch's rows then fill row groups each holding a narrow range of terms, which a query for a
    term skips unless the range holds it.

    Worked out in numpy on arrays of the batch's Chinese characters, never of all its characters
    but the text itself: a batch holds millions of them, and every array as long as the text was
    memory the writer touched for the first time, page by page.
    """
    if sentences.is_empty():
        return pl.DataFrame(schema=SCHEMAS["fact_sentence_gram"])
    texts = sentences["text"]
    lengths = texts.str.len_chars().to_numpy().astype(np.int32)
    # one string, sentences apart by a newline (not Chinese, not ASCII word): runs never cross sentences
    points = np.frombuffer((texts.str.join("\n").item() + "\n").encode("utf-32-le"), dtype=np.int32)
    starts = np.zeros(len(lengths), dtype=np.int64)  # where each sentence starts in ``points``
    np.cumsum(lengths[:-1] + 1, out=starts[1:])

    chinese = (points >= CJK_FIRST) & (points <= CJK_LAST)
    at = np.flatnonzero(chinese)
    # each Chinese character's sentence, in text order: each sentence as many times as it holds them
    owner = np.repeat(np.arange(len(lengths), dtype=np.int32), np.add.reduceat(chinese, starts, dtype=np.int64))
    # grouped by first character: a stable sort on 16-bit keys, a radix sort in numpy; every
    # character's grams then lie together, which is all a row group's range needs
    order = np.argsort((points[at] - _BASE).astype(np.uint16), kind="stable")
    at, owner = at[order], owner[order]
    first, second = points[at], points[at + 1]  # the newline closing the last sentence keeps at + 1 in range
    grams = (first - _BASE).astype(np.int64) * _SPAN
    grams += np.where((second >= CJK_FIRST) & (second <= CJK_LAST), second - _BASE, 0)
    columns = _SentenceColumns(sentences, lengths)
    cjk = columns.frame(owner, grams, first, (at - starts[owner]).astype(np.int32))

    word_at, word_grams = _ascii_words(points)
    if not len(word_at):
        return cjk
    word_owner = (np.searchsorted(starts, word_at, side="right") - 1).astype(np.int32)
    # words first, as their numbers are below every Chinese one; the two parts stay separate chunks
    words = columns.frame(word_owner, word_grams, None, (word_at - starts[word_owner]).astype(np.int32))
    return pl.concat([words, cjk], rechunk=False)


def _ascii_words(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each ASCII word of a text's code points starts, and its number (``ascii_gram``), in order.

    Worked out on the whole array at once, as a report's tables, codes and years are many words;
    the text must end in a character that is not part of a word.
    """
    folded = points | 0x20  # A-Z as a-z; no other code point lands on a-z
    digit = (points >= 0x30) & (points <= 0x39)
    in_word = digit | ((folded >= 0x61) & (folded <= 0x7A))
    at = np.flatnonzero(in_word)
    if not len(at):
        return at.astype(np.int32), at.astype(np.int64)
    opens = ~in_word[at - 1]  # at 0, the index -1 reads the text's last character, never part of a word
    first = np.flatnonzero(opens)  # each word's first place in ``at``
    word = np.cumsum(opens) - 1
    offset = np.arange(len(at)) - first[word]  # characters from the word's start
    counted = np.minimum(np.diff(np.append(first, len(at))), ASCII_WORD_CHARS)[word]
    kept = offset < counted
    # each character's place value in base 37: 0-9 are 1-10, a-z 11-36
    values = np.where(digit[at], points[at] - 0x30 + 1, folded[at] - 0x61 + 11).astype(np.int64)[kept]
    weights = np.power(37, (counted - 1 - offset)[kept], dtype=np.int64)
    grams = np.add.reduceat(values * weights, np.flatnonzero(offset[kept] == 0))
    return at[first].astype(np.int32), -grams


class _SentenceColumns:
    """The columns an index row takes from its sentence, as arrays a row's sentence number picks from."""

    def __init__(self, sentences: pl.DataFrame, lengths: np.ndarray):
        self.keys = document_keys(sentences["document_id"]).to_numpy()
        self.ordinals = sentences["ordinal"].to_numpy()
        self.in_appendix = sentences["in_appendix"].to_numpy()
        self.lengths = lengths

    def frame(self, rows: np.ndarray, grams: np.ndarray, lead: np.ndarray | None, position: np.ndarray) -> pl.DataFrame:
        lead_char = (pl.Series(lead, dtype=pl.Int32) if lead is not None
                     else pl.repeat(None, len(rows), dtype=pl.Int32, eager=True))
        return pl.DataFrame({
            "document_key": self.keys[rows], "ordinal": self.ordinals[rows], "gram": grams, "lead_char": lead_char,
            "position": position, "sentence_chars": self.lengths[rows], "in_appendix": self.in_appendix[rows],
        }, schema=SCHEMAS["fact_sentence_gram"])
