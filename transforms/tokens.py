"""Chinese word segmentation with jieba, set up once per process.

jieba keeps one global tokenizer. ``init`` points its cache at a folder the
caller owns, silences its log lines, and loads baogao's domain dictionary;
every later call reuses it.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_lock = threading.Lock()
_ready = False
_segmenter = None  # segment.Segmenter over jieba's dictionary, once the domain words are in

# Function words and other parts of speech that carry no theme.
SKIP_POS = {"m", "q", "mq", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "rr", "rz",
            "d", "f", "y", "e", "o", "w", "xc", "zg", "t", "tg", "eng"}
_NUMERAL_END = set("零〇一二两三四五六七八九十百千万亿%")


def _data(name: str) -> str:
    return resources.files("transforms").joinpath("data").joinpath(name).read_text(encoding="utf-8")


_STOPWORDS = frozenset(w.strip() for w in _data("stopwords.txt").splitlines() if w.strip() and not w.startswith("#"))


def init(cache_dir: str | None = None) -> None:
    """Load jieba and the domain dictionary once; later calls return at once.

    Args:
        cache_dir: folder for jieba's dictionary cache (default: jieba's own, /tmp).
    """
    global _ready, _segmenter
    if _ready:
        return
    with _lock:
        if _ready:
            return
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        if cache_dir:
            jieba.dt.tmp_dir = cache_dir
        jieba.initialize()
        for line in _data("userdict.txt").splitlines():
            parts = line.split()
            if parts and not line.startswith("#"):
                word, freq, tag = (parts + [None, None])[:3]
                jieba.add_word(word, int(freq) if freq else None, tag)
        from transforms.segment import Segmenter

        _segmenter = Segmenter(jieba.dt)
        _ready = True


def cut(text: str) -> list[str]:
    """jieba's tokens of ``text`` (as ``jieba.lcut`` gives them); joined, they give ``text`` back."""
    init()
    return _segmenter.cut(text)


def pos_of(word: str) -> str:
    """The dictionary part of speech of a word; 'x' when jieba's dictionary has none."""
    import jieba
    import jieba.posseg

    return jieba.dt.user_word_tag_tab.get(word) or jieba.posseg.dt.word_tag_tab.get(word, "x")


def is_term(word: str, pos: str) -> bool:
    """A token worth counting as a theme: two or more characters of Chinese, not a function word."""
    return (len(word) >= 2 and pos not in SKIP_POS and word not in _STOPWORDS
            and all("\u4e00" <= ch <= "\u9fff" for ch in word))


@dataclass(frozen=True)
class TermHit:
    term: str
    pos: str
    char_start: int
    char_end: int


SLOGAN_POS = "nz"


def terms(text: str, phrases: list[tuple[int, int]] = ()) -> list[TermHit]:
    """Every term occurrence in ``text`` with its offsets, in order.

    Args:
        text: the text to segment.
        phrases: spans (start, end) that are one token whatever jieba would make of them: the
            quoted slogans, which may hold characters (·、＋) that jieba always splits at.
    """
    words, tags, starts, ends = term_columns(text, phrases)
    return [TermHit(*hit) for hit in zip(words, tags, starts, ends)]


def term_columns(text: str, phrases: list[tuple[int, int]] = ()
                 ) -> tuple[list[str], list[str], list[int], list[int]]:
    """``terms`` as four columns (term, part of speech, start, end): what a frame is built from."""
    init()
    columns: tuple[list, list, list, list] = ([], [], [], [])
    pos = 0
    for start, end in sorted(phrases):
        if start < pos:
            continue
        _segment(text[pos:start], pos, columns)
        if end > start:
            for column, value in zip(columns, (text[start:end], SLOGAN_POS, start, end)):
                column.append(value)
        pos = end
    _segment(text[pos:], pos, columns)
    return columns


def phrase_spans(text: str, phrases) -> list[tuple[int, int]]:
    """Every occurrence of the phrases in ``text``, longest first where two overlap.

    A report's quoted slogans are kept whole wherever the same report repeats them unquoted; the
    spans come from the report alone, so its terms never depend on what was parsed before it.
    """
    taken = bytearray(len(text))
    spans = []
    # longest first; phrases of one length in their own order, never the set's (which a hash seed picks)
    for phrase in sorted({p for p in phrases if 2 <= len(p) <= 40}, key=lambda p: (-len(p), p)):
        at = text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            if not any(taken[at:end]):
                taken[at:end] = b"\x01" * len(phrase)
                spans.append((at, end))
            at = text.find(phrase, end)
    return sorted(spans)


# word -> (its part of speech when the word is a term, else None; whether it ends in a numeral)
_words: dict[str, tuple[str | None, bool]] = {}


def _look_up(word: str) -> tuple[str | None, bool]:
    """What the term loop needs of a word, worked out once and remembered."""
    tag = pos_of(word)
    last = word[-1]
    found = _words[word] = (tag if is_term(word, tag) else None, last.isdigit() or last in _NUMERAL_END)
    return found


def _segment(text: str, offset: int, columns: tuple[list, list, list, list]) -> None:
    if not text:
        return
    add_word, add_tag, add_start, add_end = (column.append for column in columns)
    known = _words.get
    pos, after_number = offset, False
    for word in _segmenter.cut(text):
        tag, numeral = known(word) or _look_up(word)
        end = pos + len(word)
        # the measure word after a figure ("40余场") is part of the figure, not a theme
        if tag is not None and not after_number:
            add_word(word)
            add_tag(tag)
            add_start(pos)
            add_end(end)
        after_number = numeral
        pos = end


_idf: tuple[dict[str, float], float] | None = None
_idf_lock = threading.Lock()  # the ingest loads the table in a thread while the first batch parses


def bundled_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table and its median, the fallback for a corpus of one.

    Read as ``jieba.analyse`` reads it, from jieba's own file, without importing jieba: the
    writer needs the table, not the segmenter.
    """
    global _idf
    with _idf_lock:  # a caller meeting the loading thread waits for it instead of reading the file again
        if _idf is None:
            spec = importlib.util.find_spec("jieba")
            path = Path(spec.submodule_search_locations[0]) / "analyse" / "idf.txt"
            table = {}
            for line in path.read_bytes().decode("utf-8").splitlines():
                word, idf = line.strip().split(" ")
                table[word] = float(idf)
            _idf = table, sorted(table.values())[len(table) // 2]
        return _idf
