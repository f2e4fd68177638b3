"""How often each way of reading a saved web page finds its article, on pages whose article is known.

Usage: python benchmarks/html_extraction.py DIR [--each] [--results FILE]

DIR holds saved pages (``NAME.html``) each beside the article text a person cut from it
(``NAME.expected.txt``): a public set of Chinese news and government pages with hand-made
article texts serves (never copied into the repository). Each page is decoded as baogao decodes a
file, then read three ways: by the page's class names alone (baogao's reading before trafilatura),
by trafilatura alone, and by ``transforms.html.text_of`` as an ingest reads it.

Texts are compared by their Chinese characters only (a page's line breaks and spaces differ from
the hand-made text's), as sets of 6-character shingles: recall is the share of the article's
shingles the reading holds, precision the share of the reading's shingles that are the article's.
A reading finds the article when both are at least 0.9.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_corpus import write_results

from baogao.transforms import html
from baogao.transforms.decode import ReportReadError, decode

SHINGLE = 6
FOUND = 0.9
_CJK = re.compile(r"[\u4e00-\u9fff]")


def shingles(text: str) -> set[str]:
    chars = "".join(_CJK.findall(text))
    return {chars[i:i + SHINGLE] for i in range(len(chars) - SHINGLE + 1)}


def score(reading: str, article: str) -> tuple[float, float] | None:
    """(precision, recall) of ``reading`` against ``article``; None when the article has no Chinese text."""
    expected, got = shingles(article), shingles(reading)
    if not expected:
        return None
    shared = len(expected & got)
    return (shared / len(got) if got else 0.0), shared / len(expected)


def _markup(path: Path) -> str:
    # decode() reads the page as an ingest does (its encoding found) and returns text_of's reading;
    # the readings compared here need the markup itself, decoded the same way
    from baogao.transforms.decode import _plain

    return _plain(path.read_bytes())[0]


READINGS = {
    "class names": html.article_by_class_names,
    "trafilatura": html.article_by_trafilatura,
    "baogao (text_of)": html.text_of,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--each", action="store_true", help="print every page's figures")
    parser.add_argument("--results", type=Path, default=None, help="also write the summary to this file")
    args = parser.parse_args()
    pages = sorted(p for p in args.folder.glob("*.html") if p.with_suffix(".expected.txt").exists())
    if not pages:
        raise SystemExit(f"{args.folder}: no NAME.html beside a NAME.expected.txt")
    totals = {name: [0, 0.0, 0.0, 0] for name in READINGS}
    unreadable = []
    for page in pages:
        article = page.with_suffix(".expected.txt").read_text(encoding="utf-8", errors="replace")
        try:
            decode(page.read_bytes(), page.name)
            markup = _markup(page)
        except ReportReadError as exc:
            unreadable.append(f"{page.name}: {exc.reason}")
            continue
        row = []
        for name, read in READINGS.items():
            scored = score(read(markup), article)
            if scored is None:
                continue
            precision, recall = scored
            total = totals[name]
            total[0] += precision >= FOUND and recall >= FOUND
            total[1] += precision
            total[2] += recall
            total[3] += 1
            row.append(f"{name} p {precision:.2f} r {recall:.2f}")
        if args.each:
            print(f"{page.stem[:24]:<24} " + " | ".join(row), file=sys.stderr)
    lines = [f"{len(pages)} pages with a hand-made article text; {len(unreadable)} not decoded (baogao quarantines them)"]
    lines += [f"  not decoded: {reason}" for reason in unreadable]
    for name, (found, precision, recall, n) in totals.items():
        lines.append(f"{name:<18} article found (precision and recall >= {FOUND}) in {found} of {n}; "
                     f"mean precision {precision / n:.3f}, mean recall {recall / n:.3f}")
    print("\n".join(lines))
    if args.results:
        write_results(args.results, "html_extraction.py", lines)


if __name__ == "__main__":
    main()
