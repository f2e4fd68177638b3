"""Write N report files for benchmarks: one source report with varied issuers, years and figures.

Usage: python benchmarks/make_corpus.py OUT_DIR [N] [--source FILE]

The source is ../shared/samples/xx_district_party_committee_2023.txt when present, else the
bundled demo report.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "xx_district_party_committee_2023.txt"
DEMO = ROOT / "baogao" / "demo" / "yunxi_district_work_report_2024.txt"
PLACES = "东西南北中青云山水石金银玉龙凤华兴安宁康泰和平新城江河湖海松柏梅兰竹菊春夏秋冬"


def source_text(path: Path | None = None) -> str:
    return (path or (SAMPLE if SAMPLE.exists() else DEMO)).read_text(encoding="utf-8")


def variant(text: str, i: int, rng: random.Random) -> str:
    """The report as another district's, another year's, with every Arabic figure changed."""
    place = PLACES[i % len(PLACES)] + PLACES[(i // len(PLACES)) % len(PLACES)] + f"{i // len(PLACES) ** 2 or ''}"
    year = 2016 + i % 9
    text = re.sub(r"XX区委|云溪区委", f"{place}区委", text)
    text = re.sub(r"20(1\d|2\d)年", lambda m: f"{year if m.group(1) in ('23', '24') else year - 1}年", text)
    return re.sub(r"(?<![\d.])(\d{2,5})(?![\d年])", lambda m: str(max(1, int(int(m.group(1)) * rng.uniform(0.7, 1.3)))),
                  text)


def write_corpus(out: Path, n: int, source: Path | None = None, seed: int = 7) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng, text = random.Random(seed), source_text(source)
    paths = []
    for i in range(n):
        path = out / f"report-{i:05d}.txt"
        path.write_text(variant(text, i, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int, nargs="?", default=2000)
    parser.add_argument("--source", type=Path)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.n, args.source)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} reports, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
