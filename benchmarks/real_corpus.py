"""What one `baogao ingest` makes of a folder of real report files: what an analyst checks first.

Usage: python benchmarks/real_corpus.py DIR [--rename] [--repeat N] [--work DIR] [--results FILE]

Every file under DIR (sub-folders too) is dropped into the inbox of a temporary home and loaded in
one `baogao ingest`, with a Prefect server already running (as under `baogao serve`). Prints:
- files loaded and quarantined, with the quarantine reasons counted;
- documents without issuer / place / year / type, and the report types and levels found;
- headings, figures, terms, slogans and citations per document (median, min, max) and the
  documents with none;
- the data-quality warnings of the run (cross-document checks and missing metadata);
- the ingest's wall time, and the single-core `jieba.lcut` time of the same texts as the ratio:
  the floor is timed just before and just after the ingest and the ratio taken to their mean, as
  this machine's speed drifts from one minute to the next; --repeat N times N ingests so (each
  into a fresh home, each between two floors) and prints every ratio and their median;
- the counts of `reading_counts.py`: per reading rule, constructions found and read wrong.

--rename drops every file as report(N).txt, so only the text can decide the metadata.
--results FILE writes the printed summary there with the commit, machine and date (figures only,
never the texts). The texts are other people's: keep DIR outside the repository.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import reading_counts
from ingest_benchmark import fresh, ingest, warm_dictionary_caches
from workdir import work_folder

SOURCE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


class Named(str):
    """A printed line that names files of the corpus: left out of the results file, which holds figures only."""


def report_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)


def drop(files: list[Path], folder: Path, inbox: Path, rename: bool) -> dict[str, Path]:
    """Copy the files into the inbox under unique names; inbox name -> source file."""
    inbox.mkdir(parents=True, exist_ok=True)
    dropped = {}
    for n, path in enumerate(files, 1):
        if rename:
            name = f"report({n}){path.suffix.lower()}"
        else:
            relative = path.relative_to(folder)
            name = "__".join(relative.parts) if len(relative.parts) > 1 else path.name
        shutil.copy(path, inbox / name)
        dropped[name] = path
    return dropped


def jieba_floor(files: list[Path]) -> float:
    """Single-core jieba.lcut over the decoded texts (decoding is not timed)."""
    import time

    import jieba

    from baogao.transforms.decode import ReportReadError, decode

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = []
    for path in files:
        try:
            texts.append(decode(path.read_bytes(), path.name).text)
        except ReportReadError:
            continue
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def spread(values: list[int]) -> str:
    if not values:
        return "none"
    return f"median {statistics.median(values):g}, min {min(values)}, max {max(values)}"


def summarise(home: Path, lines: list[str]) -> None:
    import duckdb

    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        columns = {r[0] for r in con.execute(
            "select column_name from duckdb_columns() where table_name = 'v_documents'").fetchall()}
        place = "place" if "place" in columns else "null"
        delivered = "delivered_year" if "delivered_year" in columns else "null"
        documents, no_issuer, no_place, no_year, no_delivered, no_type = con.execute(f"""
            select count(*), count(*) filter (where issuer is null), count(*) filter (where {place} is null),
                   count(*) filter (where report_year is null), count(*) filter (where {delivered} is null),
                   count(*) filter (where report_type is null or report_type = '其他')
            from v_documents""").fetchone()
        lines.append(f"documents: {documents}; without issuer {no_issuer}, place {no_place}, report_year {no_year}, "
                     f"delivered_year {no_delivered}, type {no_type}")
        present = {"issuer": no_issuer, "place": no_place, "report_year": no_year, "delivered_year": no_delivered,
                   "report_type": no_type}
        lines.append("  metadata present: " + ", ".join(f"{k} {100 * (documents - n) / max(documents, 1):.1f} %"
                                                        for k, n in present.items()) + " (target >= 98 %)")
        if "metadata_source" in columns:
            sources = con.execute("""
                select key, value, count(*) from v_documents, json_each(metadata_source)
                where key in ('issuer', 'place', 'report_year', 'delivered_year', 'report_type')
                group by all order by key, count(*) desc""").fetchall()
            by_field: dict[str, list[str]] = {}
            for key, value, n in sources:
                by_field.setdefault(key, []).append(f"{json.loads(value)} {n}")
            lines += [f"  {k} read from: {', '.join(v)}" for k, v in by_field.items()]
        for column in ("report_type", "admin_level"):
            found = con.execute(f"select coalesce({column}, '(null)'), count(*) from v_documents group by 1 "
                                "order by 2 desc, 1").fetchall()
            lines.append(f"  {column}: " + ", ".join(f"{v} {n}" for v, n in found))
        if "repeat_char_start" in columns:
            repeated = con.execute("select count(*) from v_documents where repeat_char_start is not null").fetchone()[0]
            lines.append(f"  files holding the report twice (loaded once): {repeated}")
        per_doc = {
            "headings (level <= 2)": "select count(*) from v_sections s where s.document_id = d.document_id "
                                     "and level <= 2 and not is_lead_sentence",
            "figures": "select count(*) from v_indicators i where i.document_id = d.document_id",
            "terms (distinct)": "select count(distinct term) from v_terms t where t.document_id = d.document_id",
            "slogans (distinct)": "select count(*) from v_slogans g where g.document_id = d.document_id",
            "citations (distinct)": "select count(*) from v_cited_documents c where c.document_id = d.document_id",
        }
        for label, sql in per_doc.items():
            rows = con.execute(f"select d.file_name, ({sql}) from v_documents d").fetchall()
            values = [n for _, n in rows]
            none = sorted(name for name, n in rows if n == 0)
            lines.append(f"{label} per document: {spread(values)}; documents with none: {len(none)}")
            if none:
                lines.append(Named("    " + ", ".join(none[:8]) + (f" … (+{len(none) - 8})" if len(none) > 8 else "")))
        warnings = con.execute("""
            select suite, expectation, column_name, sum(unexpected_count)
            from v_dq_results where not success group by all order by 1, 2, 3""").fetchall()
        lines.append("data-quality results not passed: " + ("none" if not warnings else ""))
        lines += [f"  {s}.{e}({c}): {n} rows" for s, e, c, n in warnings]
    finally:
        con.close()


def ingest_folder(files: list[Path], folder: Path, work: Path, rename: bool = False,
                  port: int = 4291) -> tuple[Path, float, float, float]:
    """One `baogao ingest` of ``files`` in a fresh home under ``work``, a Prefect server already running.

    Returns the home, and the ingest's wall seconds, peak RSS (MB) and CPU seconds.
    """
    from baogao.flows.serve import prefect_server
    from baogao.home import Home, configure_prefect

    server_home = Home(work / "server").ensure()
    configure_prefect(server_home)
    with prefect_server(server_home, port, echo=lambda m: None) as api_url:
        env = {**os.environ, "PREFECT_API_URL": api_url}
        warm_dictionary_caches(env)
        home = fresh(work / "home")
        drop(files, folder, home / "inbox", rename)
        wall, rss, cpu = ingest(home, env)
    return home, wall, rss, cpu


def write_results(path: Path, script: str, lines: list[str]) -> None:
    """The figures of a benchmark run, headed by the script, commit, date and machine."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    header = (f"# benchmarks/{script}, commit {commit}, {datetime.date.today()}, "
              f"{os.cpu_count()} cores, {platform.python_version()}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rename", action="store_true", help="drop every file as report(N).txt")
    parser.add_argument("--work", type=Path, default=None, help="where the temporary homes go")
    parser.add_argument("--results", type=Path, default=None, help="also write the summary to this file")
    parser.add_argument("--repeat", type=int, default=1, help="time this many ingests, each between two floors")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its home) for querying")
    args = parser.parse_args()
    files = report_files(args.folder)
    if not files:
        raise SystemExit(f"{args.folder}: no report files (.txt .md .html .htm .docx .pdf) found")
    with work_folder(args.work, args.keep, "baogao-real-") as work:  # removed even when the ingest fails
        home = measure(args, files, work)
    if args.keep or args.work is not None:
        print(f"home kept: {home}", file=sys.stderr)


def measure(args: argparse.Namespace, files: list[Path], work: Path) -> Path:
    """Ingest the files into a home under ``work``, print the summary (and write it to --results); the home."""
    size_mb = sum(p.stat().st_size for p in files) / 1e6

    lines = [f"{len(files)} files, {size_mb:.1f} MB, from {len({p.parent for p in files})} folders"
             + (" (dropped as report(N))" if args.rename else "")]
    floors = [jieba_floor(files)]
    timed = []
    for _ in range(max(1, args.repeat)):
        home, wall, rss, cpu = ingest_folder(files, args.folder, work, args.rename)
        floors.append(jieba_floor(files))
        timed.append((wall, rss, cpu, floors[-2], floors[-1]))
    wall, rss, cpu, before, after = timed[-1]
    floor = (before + after) / 2

    quarantined = sorted(p.name for p in (home / "quarantine").iterdir() if not p.name.endswith(".reason.json"))
    loaded = len(list((home / "archive").iterdir()))
    lines.append(f"files archived (loaded or already loaded): {loaded}; quarantined: {len(quarantined)}")
    reasons = Counter()
    for name in quarantined:
        sidecar = home / "quarantine" / f"{name}.reason.json"
        reason = json.loads(sidecar.read_text(encoding="utf-8"))["reason"] if sidecar.exists() else "?"
        reasons[reason.split(";")[0].split(" (")[0][:80]] += 1  # the reason without the file's own particulars
        lines.append(Named(f"  {name}: {reason[:160]}"))
    lines += [f"  reason counted: {r} x{n}" for r, n in reasons.most_common()]
    summarise(home, lines)
    lines.append(f"ingest {wall:.1f} s (CPU {cpu:.1f} s, peak RSS {rss:.0f} MB); single-core jieba.lcut {before:.1f} s "
                 f"before, {after:.1f} s after; ratio {wall / floor:.2f} (target <= 0.8)")
    if len(timed) > 1:
        ratios = [w / ((b + a) / 2) for w, _, _, b, a in timed]
        lines.append(f"ratios of {len(ratios)} ingests: {', '.join(f'{r:.2f}' for r in ratios)}; "
                     f"median {statistics.median(ratios):.2f}")
    lines.append("reading (benchmarks/reading_counts.py: constructions found / read wrong):")
    lines += [f"  {key:<46}{count:>10}" for key, count in sorted(reading_counts.count_all(files).items())]
    print("\n".join(lines))
    if args.results:
        write_results(args.results, "real_corpus.py", [line for line in lines if not isinstance(line, Named)])
    return home


if __name__ == "__main__":
    main()
