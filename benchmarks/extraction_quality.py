"""Print indicator precision and recall on every labelled report available.

Usage: python benchmarks/extraction_quality.py [LABELLED_DIR ...]

Reads tests/fixtures/labelled/ and, when present, ../shared/gold/ (the labelled sample):
each NAME.txt (or samples/NAME.txt) with NAME.indicators.jsonl beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.scoring import score


def cases(folders: list[Path]):
    for folder in folders:
        for labels in sorted(folder.glob("*.indicators.jsonl")):
            name = labels.name.removesuffix(".indicators.jsonl")
            for text in (folder / f"{name}.txt", folder.parent / "samples" / f"{name}.txt"):
                if text.exists():
                    yield name, text, labels


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or [ROOT / "tests" / "fixtures" / "labelled", ROOT.parent / "shared" / "gold"]
    total_found = total_labelled = hits_found = hits_labelled = 0
    print(f"{'report':<40}{'found':>7}{'labelled':>10}{'precision':>11}{'recall':>9}")
    for name, text, labels in cases([f for f in folders if f.exists()]):
        gold = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
        s = score(text.read_text(encoding="utf-8-sig"), gold)
        print(f"{name:<40}{s.found:>7}{s.labelled:>10}{s.precision:>11.3f}{s.recall:>9.3f}")
        for raw in s.missed:
            print(f"    missed {raw}")
        for raw in s.extra:
            print(f"    extra  {raw}")
        total_found, total_labelled = total_found + s.found, total_labelled + s.labelled
        hits_found += round(s.precision * s.found)
        hits_labelled += round(s.recall * s.labelled)
    if total_found:
        print(f"{'all':<40}{total_found:>7}{total_labelled:>10}{hits_found / total_found:>11.3f}"
              f"{hits_labelled / total_labelled:>9.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
