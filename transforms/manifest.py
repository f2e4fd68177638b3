"""The inbox's metadata.csv: a user's corrections of what baogao reads from a report's text.

One row per file name; any subset of the columns issuer, place, report_year, delivered_year and
report_type. A value given there replaces the one read from the text for every version of that file
name, now and in later runs, and is recorded as coming from the manifest. A bad value gets a
one-line reason and is left out; the rest of its row, and the file itself, load as usual.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from baogao.transforms.metadata import admin_level_of, org_type_of, year_of

NAME = "metadata.csv"
COLUMNS = ("issuer", "place", "report_year", "delivered_year", "report_type")
FIRST_YEAR, LAST_YEAR = 1921, 2100


@dataclass(frozen=True)
class Manifest:
    rows: list[dict]  # one per file name, shaped like dim_metadata_override (without read_at)
    errors: list[str]  # one line each: where, what is wrong, what happens


def read(data: bytes) -> Manifest:
    """Parse metadata.csv (UTF-8, with or without BOM, or GB18030 as spreadsheets save it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if "file_name" not in header:
        found = ", ".join(header) or "nothing"
        reason = (f"{NAME}: no file_name column (found: {found}); the first line names the columns, "
                  f"e.g. file_name,issuer,report_year; nothing applied")
        return Manifest([], [reason])
    unknown = [h for h in header if h and h != "file_name" and h not in COLUMNS]
    errors = [f"{NAME}: unknown column {h!r} ignored; the columns are file_name, {', '.join(COLUMNS)}" for h in unknown]
    rows: dict[str, dict] = {}
    for line, raw in enumerate(reader, 2):
        record = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        name = record.get("file_name", "")
        if not name:
            errors.append(f"{NAME} line {line}: no file_name; row ignored")
            continue
        row = {"file_name": name}
        for column in COLUMNS:
            value = record.get(column, "")
            if not value:
                continue
            if column.endswith("_year"):
                year = year_of(value.removesuffix("年")) if value.removesuffix("年") else None
                if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
                    errors.append(f"{NAME} line {line} ({name}): {column} {value!r} is not a year; "
                                  f"the year read from the text stays")
                    continue
                row[column] = year
            else:
                row[column] = value
        if name in rows:
            errors.append(f"{NAME} line {line}: {name} is listed again; this row replaces the earlier one")
        rows[name] = row
    return Manifest([_complete(r) for r in rows.values()], errors)


def _complete(row: dict) -> dict:
    """A row with every column, the level and organisation type that follow from it, and its sources."""
    out = {"file_name": row["file_name"], **{c: row.get(c) for c in COLUMNS}}
    out["admin_level"] = admin_level_of(row.get("place"), row.get("issuer")) if row.get("place") or row.get(
        "issuer") else None
    out["org_type"] = org_type_of(row.get("issuer"))
    given = [c for c in COLUMNS if row.get(c) is not None] + (["admin_level"] if out["admin_level"] else [])
    out["metadata_source"] = json.dumps(dict.fromkeys(given, "manifest"), ensure_ascii=False, sort_keys=True)
    return out
