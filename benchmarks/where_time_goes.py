"""Where an ingest's time goes: one flow run in this process, timed stage by stage.

Usage: python benchmarks/where_time_goes.py [--docs 2000] [--work DIR] [--source FILE | --folder DIR]

Runs the ingest flow in process over --docs reports from benchmarks/make_corpus.py (or every report
file under --folder, a folder of real reports, as benchmarks/real_corpus.py drops them), with a
Prefect server already running, the dictionary caches made (as ingest_benchmark.py makes them) and
the parse workers started first (as `baogao ingest` starts them), and prints:
- the flow's wall time, the CPU seconds of the writer (this process), of the parse workers and of
  the Prefect server; the writer's peak RSS, its kernel time and minor page faults;
- wall and CPU seconds of each stage of the writer (loading, reading new rows, Great
  Expectations, inserting, publishing, ...), summed over the run's batches;
- a timeline of the batches: when the writer waited for parsed files, loaded a batch, published.

CPU seconds of the writer are those of its process, threads included (the published copy catching
up beside the last batch, Great Expectations warming up beside the first).

The stages are timed by wrapping the flow's own functions; nothing else changes. Figures from
one run compare with each other, not with another run's (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import write_corpus
from workdir import work_folder

# the writer's stages: (module, function); tasks are timed through their .fn
STAGES = [("baogao.warehouse.validation", "new_rows"), ("baogao.expectations.runner", "validate"),
          ("baogao.warehouse.load", "insert_frames"), ("baogao.warehouse.load", "record_dq_results"),
          ("baogao.transforms.search_index", "postings"), ("baogao.warehouse.load", "insert_search_index"),
          ("baogao.flows.ingest", "combine"), ("baogao.flows.ingest", "_validate"), ("baogao.flows.ingest", "publish")]
TASKS = ["claim_inbox", "read_batch", "parse_files", "load_and_validate",
         "place_files", "check_across_documents", "record_run", "write_data_docs", "catch_up_published",
         "publish_warehouse", "learn_phrases"]
TIMELINE = {"parse_files": "wait for parsed files", "load_and_validate": "load",
            "check_across_documents": "check the views across documents",
            "catch_up_published": "the spare published copy catches up (a thread)", "publish_warehouse": "publish"}


def _cpu_of_processes_matching(text: bytes) -> float:
    """CPU seconds so far of the processes whose command line holds ``text`` (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if text in Path(f"/proc/{pid}/cmdline").read_bytes():
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:  # the process ended meanwhile
            continue
    return total


class Clock:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
        self.timeline: list[tuple[str, float, float]] = []

    def wrap(self, name: str, fn, timeline: bool = False):
        def timed(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            try:
                return fn(*args, **kwargs)
            finally:
                total = self.totals[name]
                total[0] += time.perf_counter() - wall
                total[1] += time.process_time() - cpu
                total[2] += 1
                # the whole process's, threads beside the stage included, as its CPU seconds are
                total[3] += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
                if timeline:
                    self.timeline.append((name, wall - self.start, time.perf_counter() - self.start))
        return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=None, help="report to vary (as make_corpus.py)")
    parser.add_argument("--folder", type=Path, default=None, help="real report files to load instead")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus and home)")
    args = parser.parse_args()
    with work_folder(args.work, args.keep, "baogao-profile-") as work:
        profile(args, work)


def profile(args: argparse.Namespace, work: Path) -> None:
    home_dir = work / "home-profile"
    shutil.rmtree(home_dir, ignore_errors=True)
    (home_dir / "inbox").mkdir(parents=True)
    if args.folder:
        from real_corpus import drop, report_files

        corpus = list(drop(report_files(args.folder), args.folder, home_dir / "inbox", rename=False))
    else:
        corpus = write_corpus(work / "corpus", args.docs, args.source)
        for p in corpus:
            shutil.copy(p, home_dir / "inbox" / p.name)

    from baogao.flows.serve import prefect_server
    from baogao.home import Home, configure_prefect

    server_home = Home(work / "server").ensure()
    configure_prefect(server_home)
    with prefect_server(server_home, 4291, echo=lambda m: None) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        from ingest_benchmark import warm_dictionary_caches

        print(f"dictionary caches: {warm_dictionary_caches(dict(os.environ))}")
        from baogao import settings
        from baogao.flows import inbox, workers
        from baogao.flows.run import IngestCollector
        from baogao.home import resolve

        with IngestCollector() as collector:  # the garbage collector as `baogao ingest` sets it
            home = resolve(home_dir).ensure()
            first = inbox.peek(home, 0, settings.megabytes(settings.MAX_FILE_MB), workers.HEAD_START_FILES)
            workers.prestart(str(home.cache), len(corpus), first, str(home.learned_phrases))  # as baogao ingest does
            import importlib

            from baogao.flows import ingest as flow_module

            collector.imports_done()

            clock = Clock()
            for module_name, name in STAGES:
                module = importlib.import_module(module_name)
                setattr(module, name, clock.wrap(name, getattr(module, name)))
            for name in TASKS:
                task = getattr(flow_module, name)
                task.fn = clock.wrap(f"task {name}", task.fn, timeline=name in TIMELINE)
            port = api_url.rsplit(":", 1)[1].split("/")[0]
            server_marker = f"--port\0{port}".encode()  # its command line, arguments split by NULs
            server_before = _cpu_of_processes_matching(server_marker)
            workers_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            clock.start = time.perf_counter()
            cpu, own_before = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
            summary = flow_module.ingest(str(home_dir), settle_seconds=0)
            wall, writer_cpu = time.perf_counter() - clock.start, time.process_time() - cpu
            own = resource.getrusage(resource.RUSAGE_SELF)
            server_cpu = _cpu_of_processes_matching(server_marker) - server_before
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            workers_cpu = (children.ru_utime + children.ru_stime) - (workers_before.ru_utime + workers_before.ru_stime)

    loaded = len(summary["files_loaded"])
    print(f"{loaded} reports: flow wall {wall:.1f} s; CPU seconds: writer {writer_cpu:.1f}, "
          f"parse workers {workers_cpu:.1f} ({workers_cpu / max(loaded, 1) * 1000:.1f} ms a report), "
          f"Prefect server {server_cpu:.1f}")
    print(f"writer peak RSS {own.ru_maxrss / 1024:.0f} MB; of its CPU seconds the kernel's "
          f"{own.ru_stime - own_before.ru_stime:.1f}, with {own.ru_minflt - own_before.ru_minflt:,} minor page faults")
    print("stage                          wall s   CPU s  calls  page faults")
    for name, (stage_wall, stage_cpu, calls, faults) in sorted(clock.totals.items(), key=lambda kv: -kv[1][0]):
        print(f"  {name:28s} {stage_wall:7.2f} {stage_cpu:7.2f} {calls:6d} {faults:12,d}")
    print("timeline (seconds from the flow's start):")
    for name, began, ended in clock.timeline:
        print(f"  {began:6.2f} - {ended:6.2f}  {TIMELINE[name.removeprefix('task ')]}")


if __name__ == "__main__":
    main()
