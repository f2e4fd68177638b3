"""Chinese word segmentation with jieba, set up once per process.

jieba keeps one global tokenizer. ``init`` points its cache at a folder the
caller owns, silences its log lines, and loads baogao's domain dictionary;
every later call reuses it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from importlib import resources

_lock = threading.Lock()
_ready = False
_added: set[str] = set()

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
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        import jieba
        import jieba.posseg  # noqa: F401  (loads the POS table used by pos_of)

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
                _added.add(word)
        _ready = True


def add_phrases(phrases) -> None:
    """Keep each phrase (a quoted slogan) as one token from now on."""
    import jieba

    init()
    with _lock:
        for p in phrases:
            if p not in _added and 2 <= len(p) <= 40:
                jieba.add_word(p, 2000, "nz")
                _added.add(p)


def cut(text: str) -> list[str]:
    """jieba's tokens of ``text``; joined, they give ``text`` back."""
    import jieba

    init()
    return jieba.lcut(text)


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
    hits: list[TermHit] = []
    pos = 0
    for start, end in sorted(phrases):
        if start < pos:
            continue
        hits.extend(_segment(text[pos:start], pos))
        if end > start:
            hits.append(TermHit(text[start:end], SLOGAN_POS, start, end))
        pos = end
    hits.extend(_segment(text[pos:], pos))
    return hits


def _segment(text: str, offset: int) -> list[TermHit]:
    hits: list[TermHit] = []
    pos, after_number = offset, False
    for word in cut(text) if text else ():
        tag = pos_of(word)
        # the measure word after a figure ("40余场") is part of the figure, not a theme
        if not after_number and is_term(word, tag):
            hits.append(TermHit(word, tag, pos, pos + len(word)))
        after_number = word[-1:].isdigit() or word[-1:] in _NUMERAL_END
        pos += len(word)
    return hits


_idf: tuple[dict[str, float], float] | None = None


def bundled_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table and its median, the fallback for a corpus of one."""
    global _idf
    if _idf is None:
        from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

        loader = IDFLoader(DEFAULT_IDF)
        _idf = loader.get_idf()
    return _idf


def idf_of(term: str) -> float:
    """jieba's bundled IDF of a term (the median for a term it does not know)."""
    idf, median = bundled_idf()
    return idf.get(term, median)
