"""Ingest speed, memory and query time against the floor that jieba sets, measured in one run.

Usage: python benchmarks/ingest_benchmark.py [--docs 2000] [--large 10000] [--work DIR]

Prints, for this machine:
- the single-core jieba.lcut time over the same texts (the floor) and baogao's ingest wall time
  for --docs reports, their ratio, docs/s and MB/s, and the peak RSS of the ingest;
- the CPU seconds of that ingest (all its processes), and the ratio it would reach were every core
  busy from its start to its end: the best this machine allows for that much work;
- the peak RSS of ingesting --large reports, against the one for --docs;
- the time to add one file to a warehouse of --large documents, against adding it to an empty one
  (the median of three files, each added alone);
- the time of an aggregate over v_indicators by issuer and year at --large documents.

A Prefect server is started first (as `baogao serve` would), so no ingest pays for a temporary one;
the dictionary caches are made first too, as on any machine where baogao has run before (the floor's
jieba reads its own cache, and loads before its clock starts).
Ingests run as `baogao ingest` subprocesses; their peak RSS counts the parse workers too.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import write_corpus
from workdir import work_folder

from baogao.flows.workers import parse_processes

ADDS = 3  # single-file adds measured, each way


def ingest(home: Path, env: dict) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one `baogao ingest` over the home's inbox."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "baogao", "ingest", "--home", str(home), "--settle", "0"],
                          env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the ingest and its parse workers, which it waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, max(after.ru_maxrss, before.ru_maxrss) / 1024, cpu


def warm_dictionary_caches(env: dict) -> str:
    """Load the segmenter once, as any earlier run on this machine has: its dictionary caches are the
    machine's (``baogao.home.user_cache``), as jieba's own cache is, which the floor reads. Says where they are."""
    from baogao.home import user_cache

    cache = user_cache()
    if cache is None:
        return "in each home (no user cache folder can be written): every ingest of a new home makes them"
    subprocess.run([sys.executable, "-c", "import sys; from baogao.transforms import tokens; tokens.init(sys.argv[1])",
                    str(cache)], env=env, cwd=ROOT, check=True, capture_output=True)
    return str(cache)


def jieba_floor(paths: list[Path]) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def fresh(home: Path) -> Path:
    """An empty home: a work folder reused from an earlier run would hold documents already loaded."""
    shutil.rmtree(home, ignore_errors=True)
    return home


def fill(home: Path, corpus: list[Path]) -> None:
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    for p in corpus:
        shutil.copy(p, home / "inbox" / p.name)


def query_ms(home: Path) -> float:
    import duckdb

    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    sql = ("select issuer, report_year, kind, count(*) as figures, sum(normalized_value) as total "
           "from v_indicators group by all order by all")
    con.execute(sql).fetchall()  # warm
    times = []
    for _ in range(5):
        started = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(time.perf_counter() - started)
    con.close()
    return sorted(times)[len(times) // 2] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--large", type=int, default=10000, help="0 measures the --docs ingest only")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=None,
                        help="report to vary (default: ../shared/samples/ sample when present, else the demo)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus and homes)")
    args = parser.parse_args()
    with work_folder(args.work, args.keep, "baogao-bench-") as work:
        measure(args, work)


def measure(args: argparse.Namespace, work: Path) -> None:
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB;"
          f" work folder {work}")

    corpus = write_corpus(work / "corpus", max(args.large, args.docs), args.source)
    small = corpus[: args.docs]
    size_mb = sum(p.stat().st_size for p in small) / 1e6

    from baogao.flows.serve import prefect_server
    from baogao.home import Home, configure_prefect

    server_home = Home(work / "server").ensure()
    configure_prefect(server_home)
    with prefect_server(server_home, 4290, echo=lambda m: None) as api_url:
        env = {**os.environ, "PREFECT_API_URL": api_url}
        print(f"dictionary caches: {warm_dictionary_caches(env)}")

        floor = jieba_floor(small)
        home = fresh(work / "home-small")
        fill(home, small)
        wall, rss_small, cpu = ingest(home, env)
        print(f"{args.docs} reports, {size_mb:.1f} MB: jieba.lcut on one core {floor:.1f} s; "
              f"baogao ingest {wall:.1f} s; ratio {wall / floor:.2f} (target <= 0.8); "
              f"{args.docs / wall:.1f} docs/s, {size_mb / wall:.2f} MB/s; peak RSS {rss_small:.0f} MB")
        cores = parse_processes()  # the cores baogao parses on
        print(f"  its CPU: {cpu:.1f} s, {cpu / floor:.2f} x the floor; every one of {cores} cores busy throughout "
              f"would take {cpu / cores:.1f} s: ratio {cpu / cores / floor:.2f} at best")

        if not args.large:
            return
        # three files, each added alone: the median of three adds, as one is at the mercy of the machine
        extras = write_corpus(work / "extra", ADDS, args.source, seed=99)
        adds_empty = []
        for i, extra in enumerate(extras):
            empty = fresh(work / f"home-empty-{i}")
            fill(empty, [extra])
            adds_empty.append(ingest(empty, env)[0])

        large = fresh(work / "home-large")
        fill(large, corpus)
        wall_large, rss_large, _cpu = ingest(large, env)
        print(f"{args.large} reports: ingest {wall_large:.1f} s; peak RSS {rss_large:.0f} MB, "
              f"{rss_large / rss_small:.2f} x the {args.docs}-report peak (target <= 1.2)")
        adds_large = []
        for extra in extras:
            fill(large, [extra])
            adds_large.append(ingest(large, env)[0])
        one_empty, one_large = statistics.median(adds_empty), statistics.median(adds_large)
        print(f"add 1 file (median of {ADDS}): to an empty warehouse {one_empty:.1f} s "
              f"({', '.join(f'{t:.1f}' for t in adds_empty)}), to {args.large} documents {one_large:.1f} s "
              f"({', '.join(f'{t:.1f}' for t in adds_large)}); ratio {one_large / one_empty:.2f} (target <= 1.5)")
        print(f"aggregate over v_indicators by issuer and year at {args.large} documents: "
              f"{query_ms(large):.0f} ms (target < 200)")


if __name__ == "__main__":
    main()
