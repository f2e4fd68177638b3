"""Print indicator precision and recall, and outline heading recall, on every labelled report available.

Usage:
    python benchmarks/extraction_quality.py [LABELLED_DIR ...]
    python benchmarks/extraction_quality.py --real DIR

Without --real: reads tests/fixtures/labelled/ and, when present, ../shared/gold/ (the labelled
sample): each NAME.txt (or samples/NAME.txt) with NAME.indicators.jsonl beside it.

--real DIR: the real reports labelled in benchmarks/labels/ (NAME.indicators.jsonl,
NAME.sections.json, NAME.source.json naming where the text is published and its sha256). The texts
are not kept in the repository: each is looked up in DIR by its sha256 and skipped when absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baogao.transforms.scoring import score, score_outline

LABELS = ROOT / "benchmarks" / "labels"


def cases(folders: list[Path]):
    for folder in folders:
        for labels in sorted(folder.glob("*.indicators.jsonl")):
            name = labels.name.removesuffix(".indicators.jsonl")
            for text in (folder / f"{name}.txt", folder.parent / "samples" / f"{name}.txt"):
                if text.exists():
                    yield name, text, labels


def real_cases(folder: Path):
    wanted = {json.loads(p.read_text(encoding="utf-8"))["sha256"]: p for p in sorted(LABELS.glob("*.source.json"))}
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if sha in wanted:
            texts[sha] = path
    for sha, source in wanted.items():
        name = source.name.removesuffix(".source.json")
        if sha not in texts:
            print(f"{name}: no file with sha256 {sha[:12]}… in {folder}: skipped", file=sys.stderr)
            continue
        yield name, texts[sha], LABELS / f"{name}.indicators.jsonl"


def read_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--real", type=Path, help="folder holding the texts of benchmarks/labels/")
    ap.add_argument("--quiet", action="store_true", help="totals only, no missed/extra lists")
    args = ap.parse_args(argv)
    if args.real:
        found_cases = list(real_cases(args.real))
    else:
        folders = args.folders or [ROOT / "tests" / "fixtures" / "labelled", ROOT.parent / "shared" / "gold"]
        found_cases = list(cases([f for f in folders if f.exists()]))
    total_found = total_labelled = hits_found = hits_labelled = 0
    heads_found = heads_labelled = heads_matched = heads_extra = 0
    print(f"{'report':<30}{'found':>7}{'labelled':>10}{'precision':>11}{'recall':>9}"
          f"{'headings':>10}{'found':>7}{'recall':>8}{'false':>7}")
    for name, text_path, labels in found_cases:
        source = text_path.read_text(encoding="utf-8-sig")
        s = score(source, read_labels(labels))
        sections = labels.with_name(f"{name}.sections.json")
        o = score_outline(source, json.loads(sections.read_text(encoding="utf-8"))) if sections.exists() else None
        line = f"{name:<30}{s.found:>7}{s.labelled:>10}{s.precision:>11.3f}{s.recall:>9.3f}"
        if o:
            line += f"{o.labelled:>10}{o.found:>7}{o.recall:>8.3f}{o.false_share:>7.3f}"
            heads_found, heads_labelled = heads_found + o.found, heads_labelled + o.labelled
            heads_matched, heads_extra = heads_matched + o.matched, heads_extra + len(o.extra)
        print(line)
        if not args.quiet:
            for raw in s.missed:
                print(f"    missed {raw}")
            for raw in s.extra:
                print(f"    extra  {raw}")
            if o:
                for offset, level in o.missed:
                    print(f"    heading missed at {offset} (level {level}): {source[offset:offset + 16]!r}"
                          if not args.real else f"    heading missed at {offset} (level {level})")
                for offset, level in o.extra:
                    print(f"    heading extra  at {offset} (level {level})")
        total_found, total_labelled = total_found + s.found, total_labelled + s.labelled
        hits_found += round(s.precision * s.found)
        hits_labelled += round(s.recall * s.labelled)
    if total_found:
        line = (f"{'all':<30}{total_found:>7}{total_labelled:>10}{hits_found / total_found:>11.3f}"
                f"{hits_labelled / total_labelled:>9.3f}")
        if heads_labelled:
            line += (f"{heads_labelled:>10}{heads_found:>7}{heads_matched / heads_labelled:>8.3f}"
                     f"{heads_extra / max(heads_found, 1):>7.3f}")
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
