"""Run suites on frames with the real Great Expectations library; results as plain rows.

Great Expectations validates pandas frames here: its SQL path on DuckDB files
cannot resolve metrics (upstream issues #10738, #11579). One ephemeral context
per process keeps nothing on disk and shows no progress bars.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING

from baogao.expectations import docs

if TYPE_CHECKING:  # pandas comes with Great Expectations, in the thread that imports it
    import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

_lock = threading.RLock()  # held while the context or a batch definition is made
_context = None
_batches: dict = {}


def _gx():
    global _context
    with _lock:
        if _context is None:
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            _quiet_gx_loggers()
            _context = gx.get_context(mode="ephemeral")
            _context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
            _context.data_sources.add_pandas("baogao")
            # what the import made lives as long as the process: out of the collector's full
            # collections from now on (refcounting still frees any of it), once a process
            gc.freeze()
        return _context


def _quiet_gx_loggers() -> None:
    """Great Expectations sets INFO on some of its own loggers; its chatter is not the user's business."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.WARNING)


def _batch_definition(suite_name: str):
    with _lock:
        if suite_name not in _batches:
            asset = _gx().data_sources.get("baogao").add_dataframe_asset(suite_name)
            _batches[suite_name] = asset.add_batch_definition_whole_dataframe("new_rows")
        return _batches[suite_name]


_warming: threading.Thread | None = None
_warming_lock = threading.Lock()  # not _lock: the warm-up holds that while Great Expectations imports


def warm_up(names) -> threading.Thread:
    """Import Great Expectations and make each suite's batch definition in a background thread.

    Importing Great Expectations is slow; an ingest starts this while its first files
    parse, so the first check does not wait for it. An error is left for ``validate`` to raise.
    Once started, later calls return the same thread.
    """
    global _warming
    with _warming_lock:
        if _warming is None:
            _warming = _warm_up(names)
        return _warming


def _warm_up(names) -> threading.Thread:
    def run() -> None:
        try:
            for name in names:
                _batch_definition(name)
                columns(name)
        except Exception:  # noqa: BLE001  (validate meets the same error and reports it)
            return

    thread = threading.Thread(target=run, name="gx-warm-up", daemon=True)
    thread.start()
    return thread


def build_suite(name: str):
    """The suite named after a view, built by ``expectations/<name>.py``."""
    return importlib.import_module(f"baogao.expectations.{name}").build()


@cache
def columns(name: str) -> frozenset[str]:
    """Every column the expectations of suite ``name`` read (suites are code: asked once per process)."""
    found = set()
    for expectation in build_suite(name).expectations:
        kwargs = expectation.configuration.kwargs
        found.update(c for c in (kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B")) if c)
        found.update(kwargs.get("column_list") or ())
    return frozenset(found)


@dataclass
class Validation:
    rows: list[dict]  # one per expectation, shaped like fact_dq_result
    result: object  # Great Expectations' validation result

    @property
    def passed(self) -> bool:
        return all(r["success"] for r in self.rows)

    @property
    def critical_failed(self) -> bool:
        return any(r["is_critical"] and not r["success"] for r in self.rows)

    @cached_property
    def page(self) -> str:
        """The Data Docs page of this validation, readable offline (drawn when first asked for)."""
        return docs.page(self.result)


def validate(name: str, frame: pd.DataFrame, run_id: str) -> Validation:
    """Validate ``frame`` against suite ``name``.

    Args:
        name: suite (and view) name.
        frame: the rows to check.
        run_id: the ingest run, recorded on each result.

    Returns:
        The result rows and the Data Docs page.
    """
    definition = _batch_definition(name)
    suite = build_suite(name)
    checked_at = datetime.now(UTC).replace(tzinfo=None)
    # BASIC gives all a result row keeps (counts, a sample of unexpected values, the observed value);
    # SUMMARY would add value counts and frame indexes of that sample, which no row keeps, to every check
    result = _validated(definition, frame, suite, {"result_format": "BASIC"})
    rows = []
    for r in result.results:
        cfg = r.expectation_config
        res = r.result or {}
        observed = res.get("observed_value", res.get("partial_unexpected_list"))
        rows.append(_row(run_id, checked_at, name, cfg.type, _column(cfg.kwargs), cfg.meta, bool(r.success),
                         res.get("element_count"), res.get("unexpected_count"), observed))
    return Validation(rows, result)


def failing_documents(name: str, frame: pd.DataFrame) -> dict[str, set[str]]:
    """Which documents' own rows fail a critical expectation of suite ``name``, and which expectations.

    Great Expectations names the failing rows' documents for most expectations; where it names none
    (an aggregate expectation, or one that reports no row indexes), each document's rows are checked
    alone, so one bad report is still told apart from its good neighbours.
    """
    if frame.empty or "document_id" not in frame:
        return {}
    definition = _batch_definition(name)
    suite = build_suite(name)
    # every configuration built anew here: remembered, the unexpected rows' document ids go missing
    result = _validated(definition, frame, suite,
                        {"result_format": "COMPLETE", "unexpected_index_column_names": ["document_id"]})
    bad: dict[str, set[str]] = {}
    untraced = []
    for r in result.results:
        if r.success or not (r.expectation_config.meta or {}).get("critical"):
            continue
        label = _label(name, r.expectation_config)
        named = {str(item["document_id"]) for item in (r.result or {}).get("unexpected_index_list") or []
                 if isinstance(item, dict) and item.get("document_id") is not None}
        for doc in named:
            bad.setdefault(doc, set()).add(label)
        if not named:
            untraced.append(label)
    if untraced:
        for doc, rows in frame.groupby("document_id", sort=False):
            alone = _validated(definition, rows, suite)
            for r in alone.results:
                if not r.success and (r.expectation_config.meta or {}).get("critical"):
                    bad.setdefault(str(doc), set()).add(_label(name, r.expectation_config))
    return bad


def _validated(definition, frame: pd.DataFrame, suite, result_format=None):
    """``suite``'s results on one batch of ``frame``, through the Validator that ValidationDefinition.run uses.

    A batch's own validate makes its batch again, and Great Expectations fingerprints a frame's every
    value each time it makes one: made once, the frame is read once for that. A ValidationDefinition
    would also keep every result in the context's store for the life of the process.
    """
    from great_expectations.validator.v1_validator import Validator

    options = {} if result_format is None else {"result_format": result_format}
    return Validator(batch_definition=definition, batch_parameters={"dataframe": frame},
                     **options).validate_expectation_suite(suite)


def _label(suite: str, cfg) -> str:
    return f"{suite}.{cfg.type}({_column(cfg.kwargs)})"


def _column(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return kwargs["column"]
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if kwargs.get("column_list"):
        return ",".join(kwargs["column_list"])
    return None


def _row(run_id, checked_at, suite, expectation, column, meta, success, element_count, unexpected_count, observed):
    return {
        "run_id": run_id, "checked_at": checked_at, "suite": suite, "expectation": expectation,
        "column_name": column, "is_critical": bool((meta or {}).get("critical")), "success": success,
        "element_count": element_count, "unexpected_count": unexpected_count,
        "observed_value": json.dumps(observed, ensure_ascii=False, default=str) if observed is not None else None,
    }
