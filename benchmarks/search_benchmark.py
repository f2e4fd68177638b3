"""Search over real reports: what the index costs at load, its size, and query latency as the warehouse grows.

Usage: python benchmarks/search_benchmark.py DIR [--scales 2000,10000] [--work DIR]

Ingests every report file under DIR in one `baogao ingest` (a temporary home, a Prefect server
already running, as benchmarks/real_corpus.py does), then prints:
- the index's build cost as a share of that ingest's wall time: the same steps timed again on the
  loaded sentences, batch by batch as the flow takes them (numbering the terms, appending them to
  the warehouse), then its part of the two published copies: in a first run (this ingest) the
  copies are laid as the warehouse's bytes, so the index's bytes copied twice; in a later run a
  copy takes the run's rows appended, so, for both copies, appending them twice;
- the index's size per million characters of report text, in a published copy;
- query latency, p50 and p95 over 20 different queries (each the median of three runs), of
  ``search_sentences(q)`` (its 100 best sentences with their text) and of a count by year over
  ``search_hits(q)``, on the published copy and on copies grown to each of --scales reports. A grown
  copy holds the real reports again and again under new ids, each repetition appended as the publish
  of one run appends it (the index in term order within each batch).

Figures from one run compare with each other, not with another run's (the machine may be shared).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_corpus import ingest_folder, report_files, write_results

QUERIES = ["优化营商环境", "放管服", "专项债", "巡察整改", "乡村振兴", "新质生产力", "高质量发展", "十四五", "5G",
           "碳达峰", "一带一路", "全面从严治党", "廉", "科技创新", "民营经济", "城市更新", "粮食安全", "共同富裕",
           "数字经济", "GDP增长"]


def build_cost(warehouse: Path, work: Path) -> tuple[float, float, float, int, float]:
    """Seconds to number and append the index of every loaded sentence, to lay it in both published copies as
    bytes, and to append it to both; its rows; MB per million characters in a copy."""
    import duckdb
    import polars as pl

    from baogao.flows.batches import plan
    from baogao.transforms.search_index import postings
    from baogao.warehouse import db

    con = duckdb.connect(str(warehouse), read_only=True)
    ids = [r[0] for r in con.execute("select document_id from dim_document order by ingested_at, document_id").fetchall()]
    chars = con.execute("select sum(char_count) from dim_document").fetchall()[0][0]
    scratch = db.connect(work / "index-scratch.duckdb")
    build = rows = 0.0
    for batch in plan(ids):  # the batches the flow cut the run into
        sentences = pl.from_arrow(con.sql(
            "select document_id, ordinal, text, in_appendix from fact_sentence "
            f"where document_id in (select unnest({batch!r}::varchar[]))").to_arrow_table())
        began = time.perf_counter()
        frame = postings(sentences)
        scratch.register("staging_frame", frame.to_arrow())
        scratch.execute("insert into fact_sentence_gram by name select * from staging_frame")
        scratch.unregister("staging_frame")
        build += time.perf_counter() - began
        rows += frame.height
    con.close()
    scratch.execute("checkpoint")
    copies = 0.0
    for number in (1, 2):
        target = work / f"index-copy-{number}.duckdb"
        target.unlink(missing_ok=True)
        scratch.execute(f"attach '{target}' as copy (storage_version '{db.PUBLISHED_STORAGE_VERSION}')")
        scratch.execute("create table copy.fact_sentence_gram as select * from fact_sentence_gram limit 0")
        began = time.perf_counter()
        scratch.execute("insert into copy.fact_sentence_gram select * from fact_sentence_gram")
        scratch.execute("checkpoint copy")
        copies += time.perf_counter() - began
        scratch.execute("detach copy")
    scratch.close()
    laid = 0.0
    for number in (1, 2):  # a first publish: the copies are the warehouse's bytes, the index's among them
        began = time.perf_counter()
        shutil.copyfile(work / "index-copy-1.duckdb", work / f"index-laid-{number}.duckdb")
        laid += time.perf_counter() - began
        (work / f"index-laid-{number}.duckdb").unlink()
    size = (work / "index-copy-1.duckdb").stat().st_size / 1e6
    return build, laid, copies, int(rows), size / (chars / 1e6)


# A repeated report's id is its own with the top byte's bits flipped by the repeat's number: still 16
# hex digits, as the index's document_key reads them.
_NEW_KEY = "xor(('0x' || document_id)::ubigint, $flip)"
REPLICATED = {
    "dim_document": f"printf('%016x', {_NEW_KEY}) as document_id, sha256 || $s as sha256, file_name || $s as file_name",
    "dim_section": f"section_id || $s as section_id, printf('%016x', {_NEW_KEY}) as document_id, "
                   "parent_section_id || $s as parent_section_id",
    "fact_sentence": f"sentence_id || $s as sentence_id, printf('%016x', {_NEW_KEY}) as document_id, "
                     "section_id || $s as section_id",
    "fact_sentence_gram": "xor(document_key, $flip) as document_key",
}


def grown(published: Path, reports: int, target: Path) -> Path:
    """A copy of ``published`` holding ``reports`` reports: the loaded ones repeated under new ids."""
    import duckdb

    shutil.copyfile(published, target)
    con = duckdb.connect(str(target))
    have = con.execute("select count(*) from dim_document").fetchall()[0][0]
    ids = [r[0] for r in con.execute("select document_id from dim_document order by document_id").fetchall()]
    repeat = 1
    while have < reports:
        take = ids[:reports - have]
        suffix = f"~{repeat}"
        con.begin()
        for table, renamed in REPLICATED.items():
            report = ("document_key in (select ('0x' || unnest($ids::varchar[]))::ubigint)"
                      if table == "fact_sentence_gram" else "document_id in (select unnest($ids::varchar[]))")
            params = {"ids": take, "flip": repeat << 56} | ({"s": suffix} if "$s" in renamed else {})
            con.execute(f"insert into {table} select * replace ({renamed}) from {table} where {report}", params)
        con.commit()
        have += len(take)
        repeat += 1
    con.execute("checkpoint")
    con.close()
    return target


def latencies(path: Path) -> dict[str, list[float]]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    sqls = {"search_sentences, 100 best": "select * from search_sentences($q)",
            "count by year (search_hits)": "select report_year, count(*) from search_hits($q) group by all"}
    found = {}
    for name, sql in sqls.items():
        con.execute(sql, {"q": "政府工作"}).fetchall()  # the first query reads the catalog and the stats
        times = []
        for q in QUERIES:
            runs = []
            for _ in range(3):
                began = time.perf_counter()
                con.execute(sql, {"q": q}).fetchall()
                runs.append(time.perf_counter() - began)
            times.append(statistics.median(runs) * 1000)
        found[name] = times
    con.close()
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scales", default="2000,10000")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--results", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()
    files = report_files(args.folder)
    if not files:
        raise SystemExit(f"{args.folder}: no report files found")
    work = args.work or Path(tempfile.mkdtemp(prefix="baogao-search-"))

    home, wall, _, _ = ingest_folder(files, args.folder, work, port=4292)
    published = (home / "published.duckdb").resolve()
    import duckdb

    con = duckdb.connect(str(published), read_only=True)
    documents, chars = con.execute("select count(*), sum(char_count) from dim_document").fetchall()[0]
    con.close()
    lines = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    say(f"{documents} reports, {chars / 1e6:.1f} million characters; ingest {wall:.1f} s")

    build, laid, copies, rows, mb_per_million = build_cost(home / "warehouse.duckdb", work)
    say(f"index: {rows:,} rows; numbering and appending {build:.1f} s; in both published copies: laid as bytes "
        f"(a first run, as this ingest) {laid:.1f} s, appended (a later run) {copies:.1f} s")
    say(f"index build cost: {(build + laid) / wall:.0%} of this ingest's wall time (target <= 15 %); "
        f"{(build + copies) / wall:.0%} with the copies appended")
    say(f"index size in a published copy: {mb_per_million:.1f} MB per million characters")

    sizes = [documents] + [int(s) for s in args.scales.split(",") if s]
    for reports in sizes:
        path = published if reports == documents else grown(published, reports, work / f"grown-{reports}.duckdb")
        for name, times in latencies(path).items():
            say(f"{reports:>6} reports, {name:<28} p50 {statistics.median(times):6.0f} ms   "
                  f"p95 {p95(times):6.0f} ms   (target p95 <= 300 ms at 10,000)")
        if path != published:
            path.unlink()
    if args.results:
        write_results(args.results, "search_benchmark.py", lines)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
