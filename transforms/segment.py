"""jieba's accurate mode (``jieba.lcut(text)``, HMM on), computed in a fraction of the time.

The words are jieba's, to the token: the same prefix dictionary and frequencies, the same
best route through the word graph (ties broken the same way), the same HMM for runs of
characters the dictionary does not know. What changes is only how the work is done:

- the text goes to rjieba (jieba's algorithm compiled, from Rust) whole, loaded with jieba's
  own dictionary and total, so both rank the same routes the same way. rjieba splits a text
  into runs and cuts each as jieba does, with two exceptions, which go run by run instead:
  - a run where a separator stands between two letters or digits ("5-7", "2024-01-18",
    "8.5G") goes through the Python code below: where jieba's HMM meets letters and digits it
    joins only a decimal ("8.5", "8.5%"), while rjieba joins any such chain ("5-7" as one word
    where jieba gives three);
  - CJK characters outside jieba's range (extension A, U+9FD6-9FFF, the compatibility
    ideographs, the supplementary planes) are part of rjieba's runs and never of jieba's: the
    stretch around one goes run by run, its runs of Chinese characters to rjieba one at a time;
- the Python code is the whole path when rjieba cannot be imported;
- in the Python code the word graph and the best route are built in one backward pass, with
  each word's log probability looked up once, and the HMM keeps back-pointers instead of
  copying a path per state per character.

``Segmenter`` takes a snapshot of jieba's dictionary when it is made (``Words``); words added to
jieba later are not seen. ``tokens.init`` makes it from the words it saved once the domain
dictionary was loaded, or from jieba itself the first time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from math import log

_ONLY_HAN = re.compile("[\u4E00-\u9FD5]+")
# Letters and digits joined by a separator: jieba's HMM keeps "8.5" and "8.5%" whole and splits the
# rest ("5-7" -> 5 / - / 7); rjieba's keeps every such chain whole, so runs with one stay in Python.
_SEPARATORS = r".+#&_%\-"
_DECIMAL = re.compile(rf"(?<![a-zA-Z0-9{_SEPARATORS}])\d+\.\d+%?(?![a-zA-Z0-9{_SEPARATORS}])")
_JOINED = re.compile(rf"[a-zA-Z0-9][{_SEPARATORS}][a-zA-Z0-9]")
_CHAIN_CHAR = re.compile(rf"[a-zA-Z0-9{_SEPARATORS}]")
_CHAIN = re.compile(rf"[a-zA-Z0-9{_SEPARATORS}]+")
_DECIMAL_CHAIN = re.compile(r"\d+\.\d+%?")
# the characters rjieba's runs take beyond jieba's: CJK characters outside U+4E00-U+9FD5
_BEYOND = "\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0002FFFF"
_BEYOND_JIEBA = re.compile(f"[{_BEYOND}]")
# a run as either splits the text: jieba's re_han_default characters and those
_EITHER_CHAR = re.compile(f"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-{_BEYOND}]")
_EITHER_RUN = re.compile(f"{_EITHER_CHAR.pattern}+")
# a word no Chinese run can contain: it carries the frequency jieba counts in its total but
# keeps in no word (a domain word that was already in the dictionary is counted twice)
_FILLER = "\uE000"
# the split jieba.finalseg makes before its HMM runs
_HMM_HAN = re.compile("([\u4E00-\u9FD5]+)")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


@dataclass(frozen=True)
class Words:
    """jieba's dictionary as the segmenter reads it, in plain lists: quick to save and to load again.

    ``known`` and ``counts`` are the words with a frequency, in the dictionary's order; ``prefixes``
    the rest of its entries (beginnings of longer words, words jieba was told to drop), which count
    only on the Python path; ``force_split`` the words jieba's HMM must not join.
    """

    total: int
    known: list[str]
    counts: list[int]
    prefixes: list[str]
    force_split: frozenset[str]

    @classmethod
    def of(cls, tokenizer) -> Words:
        """The words of an initialised ``jieba.Tokenizer`` as they are now."""
        from jieba import finalseg

        known, counts, prefixes = [], [], []
        for word, count in tokenizer.FREQ.items():
            if count:  # a word of frequency 0 is only a prefix, or a word jieba was told to drop
                known.append(word)
                counts.append(count)
            else:
                prefixes.append(word)
        return cls(tokenizer.total, known, counts, prefixes, frozenset(finalseg.Force_Split_Words))

    def frequencies(self) -> dict[str, int]:
        """Every entry of the dictionary with its frequency, as ``jieba.Tokenizer.FREQ``."""
        found = dict(zip(self.known, self.counts))
        found.update(dict.fromkeys(self.prefixes, 0))
        return found


class Segmenter:
    """Cuts text into jieba's words; one per process, made once jieba is initialised."""

    def __init__(self, tokenizer: Words | object, compiled: bool = True) -> None:
        """Args:
            tokenizer: an initialised ``jieba.Tokenizer`` (normally ``jieba.dt``), or ``Words`` taken from one.
            compiled: cut with rjieba, when it can be imported, every run it cuts as jieba does.
        """
        import jieba
        from jieba import finalseg

        words = tokenizer if isinstance(tokenizer, Words) else Words.of(tokenizer)
        self._words = words  # the snapshot; rjieba has its own
        self._log_total = log_total = log(words.total)
        self._unknown = log(1) - log_total  # a single character the dictionary lacks
        self._han, self._skip = jieba.re_han_default, jieba.re_skip_default
        self._hmm = _Hmm(finalseg.start_P, finalseg.trans_P, finalseg.emit_P, finalseg.MIN_FLOAT, words.force_split)
        self._compiled = _compiled(words) if compiled else None

    def cut(self, text: str) -> list[str]:
        """jieba.lcut(text): the words, which joined give ``text`` back."""
        words: list[str] = []
        if self._compiled is None:
            self._cut_by_run(text, words)
            return words
        # rjieba takes the text whole, except the stretches it would cut otherwise than jieba
        pos = 0
        for start, end in _stretches_apart(text):
            if start > pos:
                self._cut_compiled(text[pos:start], words)
            self._cut_by_run(text[start:end], words)
            pos = end
        if pos < len(text):
            self._cut_compiled(text[pos:], words)
        return words

    def _cut_by_run(self, text: str, words: list[str]) -> None:
        """jieba's own walk: runs of ``re_han_default`` are cut, the rest goes a character at a time."""
        han, skip = self._han, self._skip
        for block in han.split(text):
            if not block:
                continue
            if han.match(block):
                if self._compiled is not None and _cut_alike(block):
                    self._cut_compiled(block, words)
                else:
                    self._cut_block(block, words)
            else:
                for part in skip.split(block):
                    if skip.match(part):
                        words.append(part)
                    else:
                        words.extend(part)

    def _cut_compiled(self, block: str, words: list[str]) -> None:
        force_split = self._hmm.force_split
        if not force_split:
            words.extend(self._compiled.cut(block))
            return
        log_p = self._log_p
        for word in self._compiled.cut(block):
            # a word jieba was told not to join (no frequency) can only have come from the HMM,
            # which splits it only where it made it of Chinese characters
            if word in force_split and log_p.get(word) is None and _ONLY_HAN.fullmatch(word):
                words.extend(word)
            else:
                words.append(word)

    @cached_property
    def _log_p(self) -> dict[str, float | None]:
        """Every word and word prefix: its log probability, or None for a prefix that is no word.

        Only the Python path needs it, and with rjieba most reports never take that path: worked
        out when first needed, it is no part of a worker's start.
        """
        log_total = self._log_total
        return {w: (log(f) - log_total if f else None) for w, f in self._words.frequencies().items()}

    @property
    def compiled(self) -> bool:
        """Whether rjieba is loaded and cuts the runs it cuts as jieba does."""
        return self._compiled is not None

    def _cut_block(self, s: str, words: list[str]) -> None:
        log_p, unknown = self._log_p, self._unknown
        n = len(s)
        # score[i]: the best log probability of s[i:]; end[i]: where the first word of that route ends
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        lowest = float("-inf")
        for start in range(n - 1, -1, -1):
            best, best_end = lowest, -1
            i = start + 1
            fragment = s[start]
            while fragment in log_p:
                p = log_p[fragment]
                if p is not None:
                    candidate = p + score[i]
                    if candidate >= best:  # a tie goes to the longer word, as in jieba
                        best, best_end = candidate, i
                if i == n:
                    break
                i += 1
                fragment = s[start:i]
            if best_end < 0:
                best, best_end = unknown + score[start + 1], start + 1
            score[start] = best
            end[start] = best_end

        x, run_start = 0, -1  # a run of single characters goes to the HMM
        while x < n:
            y = end[x]
            if y - x == 1:
                if run_start < 0:
                    run_start = x
            else:
                if run_start >= 0:
                    self._cut_run(s[run_start:x], words)
                    run_start = -1
                words.append(s[x:y])
            x = y
        if run_start >= 0:
            self._cut_run(s[run_start:], words)

    def _cut_run(self, run: str, words: list[str]) -> None:
        if len(run) == 1:
            words.append(run)
        elif self._log_p.get(run) is None:  # not a word of the dictionary (jieba: no frequency)
            self._hmm.cut(run, words)
        else:
            words.extend(run)


class _Hmm:
    """jieba.finalseg.cut: the B/M/E/S hidden Markov model for words the dictionary lacks."""

    def __init__(self, start_p, trans_p, emit_p, min_float, force_split) -> None:
        self._start = start_p
        self._emit = emit_p
        self._min = min_float
        self._t = {(a, b): trans_p[a].get(b, min_float) for a in "BMES" for b in "BMES"}
        self.force_split = force_split

    def cut(self, text: str, words: list[str]) -> None:
        for block in _HMM_HAN.split(text):
            if _HMM_HAN.match(block):
                self._cut_han(block, words)
            else:
                words.extend(part for part in _HMM_SKIP.split(block) if part)

    def _cut_han(self, block: str, words: list[str]) -> None:
        begin = next_i = 0
        found = []
        for i, state in enumerate(self._states(block)):
            if state == "B":
                begin = i
            elif state == "E":
                found.append(block[begin:i + 1])
                next_i = i + 1
            elif state == "S":
                found.append(block[i])
                next_i = i + 1
        if next_i < len(block):
            found.append(block[next_i:])
        for word in found:
            if word in self.force_split:
                words.extend(word)
            else:
                words.append(word)

    def _states(self, obs: str) -> list[str]:
        """jieba.finalseg.viterbi's best state sequence; sums in its order, ties broken as max breaks them."""
        e_b, e_m, e_e, e_s = (self._emit[k] for k in "BMES")
        t, low = self._t, self._min
        t_eb, t_sb, t_mm, t_bm = t["E", "B"], t["S", "B"], t["M", "M"], t["B", "M"]
        t_ss, t_es, t_be, t_me = t["S", "S"], t["E", "S"], t["B", "E"], t["M", "E"]
        c = obs[0]
        v_b = self._start["B"] + e_b.get(c, low)
        v_m = self._start["M"] + e_m.get(c, low)
        v_e = self._start["E"] + e_e.get(c, low)
        v_s = self._start["S"] + e_s.get(c, low)
        back = []
        for c in obs[1:]:
            em = e_b.get(c, low)
            n_b = max((v_e + t_eb + em, "E"), (v_s + t_sb + em, "S"))
            em = e_m.get(c, low)
            n_m = max((v_m + t_mm + em, "M"), (v_b + t_bm + em, "B"))
            em = e_s.get(c, low)
            n_s = max((v_s + t_ss + em, "S"), (v_e + t_es + em, "E"))
            em = e_e.get(c, low)
            n_e = max((v_b + t_be + em, "B"), (v_m + t_me + em, "M"))
            back.append({"B": n_b[1], "M": n_m[1], "S": n_s[1], "E": n_e[1]})
            v_b, v_m, v_s, v_e = n_b[0], n_m[0], n_s[0], n_e[0]
        state = max((v_e, "E"), (v_s, "S"))[1]
        states = [state]
        for step in reversed(back):
            state = step[state]
            states.append(state)
        states.reverse()
        return states


def _stretches_apart(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` rjieba would cut otherwise than jieba, which then go run by run.

    rjieba splits a text into runs as jieba does, except that its runs also take the CJK
    characters outside jieba's range (extension A, U+9FD6-9FFF, the compatibility ideographs, the
    supplementary planes), and it joins letters and digits across separators ("5-7"). A stretch is
    a whole run of either kind of characters that holds one of these, so it ends where both split.
    """
    points = [m.start() for m in _BEYOND_JIEBA.finditer(text)] + _joints(text)
    stretches: list[tuple[int, int]] = []
    # the run around each point, found from the point: a report has thousands of runs and few points
    for point in sorted(points):
        if stretches and point < stretches[-1][1]:
            continue  # in the run before
        run = _EITHER_RUN.match(text, point)
        if run is None:
            continue
        start = point
        while start and _EITHER_CHAR.match(text, start - 1):
            start -= 1
        stretches.append((start, run.end()))
    return stretches


def _joints(text: str) -> list[int]:
    """Where letters or digits are joined by a separator, but in a decimal ("8.5", "8.5%"), which is cut alike.

    What _DECIMAL matches is a whole chain of letters, digits and separators: a joint is looked up in
    its chain, each chain read once however many joints it holds.
    """
    joints, chain_end, decimal = [], -1, False
    for joint in _JOINED.finditer(text):
        at = joint.start()
        if at >= chain_end:  # the first joint of a chain
            start = at
            while start and _CHAIN_CHAR.match(text, start - 1):
                start -= 1
            chain = _CHAIN.match(text, start)
            chain_end, decimal = chain.end(), _DECIMAL_CHAIN.fullmatch(chain.group()) is not None
        if not decimal:
            joints.append(at)
    return joints


def _cut_alike(block: str) -> bool:
    """Whether rjieba cuts this run (one match of jieba's ``re_han_default``) as jieba does."""
    return _ONLY_HAN.fullmatch(block) is not None or _JOINED.search(_DECIMAL.sub("0", block)) is None


def _compiled(words: Words):
    """An rjieba segmenter over the dictionary's words and total; None without rjieba."""
    try:
        import rjieba
    except ImportError:
        return None
    fast = rjieba.Jieba.empty()
    add = fast.add_word
    for word, count in zip(words.known, words.counts):
        add(word, count, None)
    counted = sum(words.counts)
    if words.total > counted:
        add(_FILLER, words.total - counted, None)
    return fast
