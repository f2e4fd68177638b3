"""Scoring extracted indicators against hand labels (the gold format of the labelling rules)."""

from __future__ import annotations

from dataclasses import dataclass

from baogao.transforms import clutter, quotes
from baogao.transforms.indicators import extract
from baogao.transforms.text import normalise


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    found: int
    labelled: int
    missed: list[str]  # labelled raws not found
    extra: list[str]  # found raws not labelled


def place(source: str, labels: list[dict], key: str = "raw", line_start: bool = False) -> list[dict]:
    """Give labels without an ``offset`` the offset of their ``key`` text, searching in document order.

    With ``line_start`` the offset is where that text's line starts, after any marks (a heading
    labelled by its title starts at its label).
    """
    placed, pos = [], 0
    for label in labels:
        if "offset" not in label:
            at = source.find(label[key], pos)
            if at < 0:
                raise ValueError(f"label {label[key]!r} not found after offset {pos}")
            if line_start:
                at = source.rfind("\n", 0, at) + 1
                while source[at] in " \t\u3000*#>":
                    at += 1
            label = {**label, "offset": at}
        pos = label["offset"] + (1 if line_start else len(label[key]))
        placed.append(label)
    return placed


def _round(value) -> float:
    """A value compared at 9 significant digits: hand labels written as floats carry binary noise."""
    return float(f"{float(value):.9g}")


def score(source: str, labels: list[dict]) -> Score:
    """Precision and recall of the extractor on ``source``: a match is the same offset, normalized value and unit."""
    nt = normalise(source)
    labels = place(source, labels)
    gold = {(g["offset"], _round(g["normalized"]), g["unit"]): g["raw"] for g in labels}
    mine = {}
    ignore = clutter.mask(nt.text)
    for ind in extract(nt.text, ignore, quotes.slogans(nt.text) + quotes.citations(nt.text)):
        start, end = nt.to_source(ind.char_start, ind.char_end)
        mine[(start, _round(ind.normalized_value), ind.unit)] = source[start:end]
    hits = gold.keys() & mine.keys()
    return Score(
        precision=len(hits) / len(mine) if mine else 1.0,
        recall=len(hits) / len(gold) if gold else 1.0,
        found=len(mine),
        labelled=len(gold),
        missed=[gold[k] for k in sorted(gold.keys() - hits)],
        extra=[mine[k] for k in sorted(mine.keys() - hits)],
    )


@dataclass(frozen=True)
class OutlineScore:
    found: int
    labelled: int
    matched: int  # found at the labelled place with the labelled level
    missed: list[tuple[int, int]]  # (offset, level) labelled, not found
    extra: list[tuple[int, int]]  # (offset, level) found, not labelled

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def false_share(self) -> float:
        return len(self.extra) / self.found if self.found else 0.0


def score_outline(source: str, labels: list[dict], max_level: int = 2) -> OutlineScore:
    """Headings of levels 1..max_level found against hand labels: same start (in the source) and level.

    Lead-sentence points are not headings. A heading written after a mark (``**一、…``) starts at its label.
    """
    from baogao.transforms import outline

    nt = normalise(source)
    found = {}
    for sec in outline.parse(nt.text, clutter.mask(nt.text)):
        if sec.is_point or sec.level > max_level:
            continue
        start, _ = nt.to_source(sec.char_start, sec.char_end)
        found[start] = sec.level
    gold = {g["offset"]: g["level"] for g in place(source, labels, "title", line_start=True) if g["level"] <= max_level}
    matched = [o for o, lv in gold.items() if found.get(o) == lv]
    return OutlineScore(
        found=len(found), labelled=len(gold), matched=len(matched),
        missed=sorted((o, lv) for o, lv in gold.items() if found.get(o) != lv),
        extra=sorted((o, lv) for o, lv in found.items() if gold.get(o) != lv),
    )
