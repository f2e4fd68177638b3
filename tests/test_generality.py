"""The extractor on public report extracts it was not written against, labelled by the same rules."""

import json

import pytest

from baogao.transforms.scoring import score
from tests.conftest import ROOT

LABELLED = ROOT / "tests" / "fixtures" / "labelled"
CASES = sorted(p.stem for p in LABELLED.glob("*.txt"))


def labels(name):
    path = LABELLED / f"{name}.indicators.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", CASES)
def test_extract_on_labelled_public_reports(name):
    s = score((LABELLED / f"{name}.txt").read_text(encoding="utf-8"), labels(name))
    print(f"{name}: precision {s.precision:.3f} recall {s.recall:.3f} "
          f"({s.found} found, {s.labelled} labelled; missed {s.missed}, extra {s.extra})")
    assert s.precision >= 0.9 and s.recall >= 0.9


def test_over_all_labelled_extracts():
    found = labelled = hits_p = hits_r = 0
    for name in CASES:
        s = score((LABELLED / f"{name}.txt").read_text(encoding="utf-8"), labels(name))
        found, labelled = found + s.found, labelled + s.labelled
        hits_p += round(s.precision * s.found)
        hits_r += round(s.recall * s.labelled)
    print(f"all extracts: precision {hits_p / found:.3f} recall {hits_r / labelled:.3f}")
    assert hits_p / found >= 0.95 and hits_r / labelled >= 0.95
