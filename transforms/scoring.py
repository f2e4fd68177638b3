"""Scoring extracted indicators against hand labels (the gold format of the labelling rules)."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.indicators import extract
from transforms.text import normalise


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    found: int
    labelled: int
    missed: list[str]  # labelled raws not found
    extra: list[str]  # found raws not labelled


def place(source: str, labels: list[dict]) -> list[dict]:
    """Give labels without an ``offset`` the offset of their raw text, searching in document order."""
    placed, pos = [], 0
    for label in labels:
        if "offset" not in label:
            at = source.find(label["raw"], pos)
            if at < 0:
                raise ValueError(f"label {label['raw']!r} not found after offset {pos}")
            label = {**label, "offset": at}
        pos = label["offset"] + len(label["raw"])
        placed.append(label)
    return placed


def score(source: str, labels: list[dict]) -> Score:
    """Precision and recall of the extractor on ``source``: a match is the same offset, normalized value and unit."""
    nt = normalise(source)
    labels = place(source, labels)
    gold = {(g["offset"], float(g["normalized"]), g["unit"]): g["raw"] for g in labels}
    mine = {}
    for ind in extract(nt.text):
        start, end = nt.to_source(ind.char_start, ind.char_end)
        mine[(start, float(ind.normalized_value), ind.unit)] = source[start:end]
    hits = gold.keys() & mine.keys()
    return Score(
        precision=len(hits) / len(mine) if mine else 1.0,
        recall=len(hits) / len(gold) if gold else 1.0,
        found=len(mine),
        labelled=len(gold),
        missed=[gold[k] for k in sorted(gold.keys() - hits)],
        extra=[mine[k] for k in sorted(mine.keys() - hits)],
    )
