"""Chinese word segmentation with jieba, set up once per process.

jieba keeps one global tokenizer. ``init`` points its cache at a folder the
caller owns, silences its log lines, loads baogao's domain dictionary and
saves the words the segmenter reads beside jieba's cache, so that the next
process loads those instead of jieba's dictionary; every later call reuses them.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import importlib.util
import logging
import marshal
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

_lock = threading.Lock()
_ready = False
_segmenter = None  # segment.Segmenter over jieba's dictionary, once the domain words are in
_tags: dict[str, str] = {}  # word -> part of speech, jieba's with the domain dictionary's

# Function words and other parts of speech that carry no theme.
SKIP_POS = {"m", "q", "mq", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "rr", "rz",
            "d", "f", "y", "e", "o", "w", "xc", "zg", "t", "tg", "eng"}
_NUMERAL_END = set("零〇一二两三四五六七八九十百千万亿%")


def _data(name: str) -> str:
    return resources.files("baogao.transforms").joinpath("data").joinpath(name).read_text(encoding="utf-8")


_STOPWORDS = frozenset(w.strip() for w in _data("stopwords.txt").splitlines() if w.strip() and not w.startswith("#"))


def init(cache_dir: str | None = None) -> None:
    """Load the segmenter and the parts of speech once; later calls return at once.

    The first process with a cache folder loads jieba and the domain dictionary and saves what
    the segmenter reads in the folder; every later one loads that instead, much sooner, without
    loading jieba's dictionary at all. The saved words are named after what they are made from
    (jieba's version and dictionary file, the domain dictionary), so an upgrade of either makes
    them anew.

    Args:
        cache_dir: folder for jieba's dictionary cache and the saved words (none: jieba's own, /tmp,
            and nothing saved).
    """
    global _ready, _segmenter, _tags
    if _ready:
        return
    with _lock:
        if _ready:
            return
        from baogao.transforms.segment import Segmenter, Words

        saved = _load_saved(cache_dir) if cache_dir else None
        if saved is None:
            jieba = load_jieba(cache_dir)
            saved = Words.of(jieba.dt), _tags_of_jieba()
            if cache_dir:
                _save(cache_dir, *saved)
        words, _tags = saved
        _segmenter = Segmenter(words)
        _ready = True


_jieba_ready = False
_jieba_lock = threading.Lock()


def load_jieba(cache_dir: str | None = None):
    """jieba itself, its dictionary loaded and baogao's domain words added (once per process): what
    ``jieba.lcut`` then cuts is what ``cut`` cuts. Returns the jieba module."""
    global _jieba_ready
    import jieba

    with _jieba_lock:
        if not _jieba_ready:
            import jieba.posseg  # its tables of parts of speech

            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            if cache_dir:
                with contextlib.suppress(OSError):  # without it jieba reads its dictionary uncached
                    os.makedirs(cache_dir, exist_ok=True)
                jieba.dt.tmp_dir = cache_dir
            jieba.initialize()
            for line in _data("userdict.txt").splitlines():
                parts = line.split()
                if parts and not line.startswith("#"):
                    word, freq, tag = (parts + [None, None])[:3]
                    jieba.add_word(word, int(freq) if freq else None, tag)
            _jieba_ready = True
    return jieba


def _tags_of_jieba() -> dict[str, str]:
    """Every word's part of speech as jieba's posseg gives it: the domain dictionary's over jieba's own."""
    import jieba
    import jieba.posseg

    tags = dict(jieba.posseg.dt.word_tag_tab)
    tags.update((word, tag) for word, tag in jieba.dt.user_word_tag_tab.items() if tag)
    return tags


# What the saved words are made from goes into their file's name; the format, too. The name starts
# with the installation's own mark (where its jieba lies), as every installation on the machine
# shares the folder: each replaces only its own words of an older version.
_SAVED_FORMAT = 1
_SAVED_PREFIX = "baogao-words-"


@cache
def _saved_name() -> tuple[str, str]:
    """(the start of this installation's names, the name of its words as they are now): worked out once
    a process, as what it is made from does not change while it runs."""
    import jieba

    dictionary = Path(jieba.__file__).with_name("dict.txt")
    try:
        stat = dictionary.stat()
        made_from = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        made_from = "?"
    ours = f"{_SAVED_PREFIX}{_digest(str(dictionary))[:8]}-"
    made_of = f"{_SAVED_FORMAT}|{jieba.__version__}|{made_from}|{_data('userdict.txt')}"
    return ours, f"{ours}{_digest(made_of)[:16]}.marshal"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_saved(cache_dir: str):
    """(Words, parts of speech) saved in ``cache_dir``; None when there are none, or none readable."""
    from baogao.transforms.segment import Words

    try:
        with open(os.path.join(cache_dir, _saved_name()[1]), "rb") as fh:
            fmt, total, known, counts, prefixes, force_split, tag_words, tag_values = marshal.loads(fh.read())
        if fmt != _SAVED_FORMAT:
            return None
        known, prefixes, tag_words, tag_values = (_split(s) for s in (known, prefixes, tag_words, tag_values))
        if len(known) != len(counts) or len(tag_words) != len(tag_values):
            return None
        return Words(total, known, counts, prefixes, frozenset(force_split)), dict(zip(tag_words, tag_values))
    except (OSError, EOFError, ValueError, TypeError):  # missing, cut short, or not ours
        return None


def _split(joined: str) -> list[str]:
    return joined.split("\n") if joined else []


def _save(cache_dir: str, words, tags: dict[str, str]) -> None:
    """Save the words in ``cache_dir`` under their name, whole or not at all; this installation's
    words of other versions go."""
    ours, name = _saved_name()
    # lists of words as one string each: marshal reads a string at once, a list's words one by one
    lists = [words.known, words.prefixes, list(tags), list(tags.values())]
    if any("\n" in item for column in lists for item in column):
        return  # no dictionary word holds a line break; should one ever, nothing is saved
    data = marshal.dumps((_SAVED_FORMAT, words.total, "\n".join(lists[0]), words.counts, "\n".join(lists[1]),
                          sorted(words.force_split), "\n".join(lists[2]), "\n".join(lists[3])))
    try:
        os.makedirs(cache_dir, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=_SAVED_PREFIX, suffix=".partial", dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(partial, os.path.join(cache_dir, name))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise
        for old in Path(cache_dir).glob(f"{glob.escape(ours)}*.marshal"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except OSError:  # a cache only: the next process loads jieba again
        pass


def cut(text: str) -> list[str]:
    """jieba's tokens of ``text`` (as ``jieba.lcut`` gives them); joined, they give ``text`` back."""
    init()
    return _segmenter.cut(text)


def pos_of(word: str) -> str:
    """The dictionary part of speech of a word; 'x' when jieba's dictionary has none."""
    init()
    return _tags.get(word, "x")


def is_term(word: str, pos: str) -> bool:
    """A token worth counting as a theme: two or more characters of Chinese, not a function word."""
    return (len(word) >= 2 and pos not in SKIP_POS and word not in _STOPWORDS
            and all("\u4e00" <= ch <= "\u9fff" for ch in word))


def is_slogan_token(phrase: str) -> bool:
    """A quoted phrase kept as one token: two or more Chinese characters, not a word too common to be a theme."""
    return sum("\u4e00" <= ch <= "\u9fff" for ch in phrase) >= 2 and phrase not in _STOPWORDS


def names_a_slogan(phrase: str) -> bool:
    """A quoted phrase that is one token wherever the report repeats it unquoted: a coined phrase, not a
    common word in quotation marks (“建设”), a number or a single character."""
    if not is_slogan_token(phrase) or not all("\u4e00" <= ch <= "\u9fff" for ch in phrase):
        return False
    return len(phrase) >= 3 or pos_of(phrase) in ("x", "nz")


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
        if is_slogan_token(text[start:end]):
            for column, value in zip(columns, (text[start:end], SLOGAN_POS, start, end)):
                column.append(value)
        else:  # a quoted “10” or “干” is no theme: read it as any other text
            _segment(text[start:end], start, columns)
        pos = end
    _segment(text[pos:], pos, columns)
    return columns


def phrase_spans(text: str, phrases) -> list[tuple[int, int]]:
    """Every occurrence of the phrases in ``text``, longest first where two overlap.

    A report's quoted slogans are kept whole wherever the same report repeats them unquoted; these
    spans come from the report alone, never from the files parsed beside it (the warehouse's learned
    phrases are ``KnownPhrases``, fixed for a whole run).
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


class KnownPhrases:
    """Phrases the corpus quotes (``learned_phrases.txt`` of a home), found in a text in one pass.

    A phrase several reports of the warehouse quote (“放管服”, “一网通办”) is a term of the corpus:
    it stays one token in every later report, quoted there or not. Only Chinese phrases of three
    characters or more are taken. Looking each of thousands of phrases up in every report would
    cost more than segmenting it, so the text's two-character beginnings are matched at once
    against the phrases' (numpy), and only those places are compared.
    """

    def __init__(self, phrases) -> None:
        keep = sorted({p for p in phrases if 3 <= len(p) <= 40 and all("\u4e00" <= ch <= "\u9fff" for ch in p)},
                      key=lambda p: (-len(p), p))
        self._by_start: dict[str, list[str]] = {}
        for phrase in keep:  # longest first at each beginning
            self._by_start.setdefault(phrase[:2], []).append(phrase)
        self._starts = np.array(sorted(_pair_code(b) for b in self._by_start), dtype=np.int64)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_start.values())

    def spans(self, text: str, taken_spans=()) -> list[tuple[int, int]]:
        """Where the phrases stand in ``text``, left to right, the longest at each place, outside ``taken_spans``."""
        if not self._by_start or len(text) < 3:
            return []
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.int32).astype(np.int64)
        pairs = points[:-1] * 0x110000 + points[1:]
        taken = bytearray(len(text))
        for start, end in taken_spans:
            taken[start:end] = b"\x01" * (end - start)
        found = []
        for at in np.flatnonzero(np.isin(pairs, self._starts)).tolist():
            if taken[at]:
                continue
            for phrase in self._by_start[text[at:at + 2]]:
                end = at + len(phrase)
                if text.startswith(phrase, at) and not any(taken[at:end]):
                    taken[at:end] = b"\x01" * len(phrase)
                    found.append((at, end))
                    break
        return found


def _pair_code(pair: str) -> int:
    return ord(pair[0]) * 0x110000 + ord(pair[1])


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
